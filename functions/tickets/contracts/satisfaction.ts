import * as z from 'zod';

/** The follow-up survey's answer: CSAT 1–5, NPS 0–10 (optional), a comment (optional). */
export const satisfactionRequestSchema = z
  .strictObject({
    score: z.int().min(1).max(5),
    nps: z.int().min(0).max(10).optional(),
    comment: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'SatisfactionRequest' });
export type SatisfactionRequest = z.output<typeof satisfactionRequestSchema>;

export const satisfactionSchema = z
  .object({
    ticketId: z.string(),
    score: z.int(),
    nps: z.int().nullable(),
    comment: z.string().nullable(),
    ratedAt: z.string(),
  })
  .meta({ id: 'Satisfaction' });
export type SatisfactionView = z.output<typeof satisfactionSchema>;
