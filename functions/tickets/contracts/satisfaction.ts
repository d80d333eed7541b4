import * as z from 'zod/mini';

/** The follow-up survey's answer: CSAT 1–5, NPS 0–10 (optional), a comment (optional). */
export const satisfactionRequestSchema = z
  .strictObject({
    score: z.int().check(z.gte(1), z.lte(5)),
    nps: z.optional(z.int().check(z.gte(0), z.lte(10))),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  })
  .check(z.meta({ id: 'SatisfactionRequest' }));
export type SatisfactionRequest = z.output<typeof satisfactionRequestSchema>;

export const satisfactionSchema = z
  .object({
    ticketId: z.string(),
    score: z.int(),
    nps: z.nullable(z.int()),
    comment: z.nullable(z.string()),
    ratedAt: z.string(),
  })
  .check(z.meta({ id: 'Satisfaction' }));
export type SatisfactionView = z.output<typeof satisfactionSchema>;
