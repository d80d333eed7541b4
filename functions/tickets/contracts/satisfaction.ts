import * as z from 'zod/mini';
import { builtOnFirstUse } from '../../shared/contracts.js';

/** The follow-up survey's answer: CSAT 1–5, NPS 0–10 (optional), a comment (optional). */
export const satisfactionRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      score: z.int().check(z.gte(1), z.lte(5)),
      nps: z.optional(z.int().check(z.gte(0), z.lte(10))),
      comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    })
    .check(z.meta({ id: 'SatisfactionRequest' })),
);
export type SatisfactionRequest = z.output<ReturnType<typeof satisfactionRequestSchema>>;

export const satisfactionSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      ticketId: z.string(),
      score: z.int(),
      nps: z.nullable(z.int()),
      comment: z.nullable(z.string()),
      ratedAt: z.string(),
    })
    .check(z.meta({ id: 'Satisfaction' })),
);
export type SatisfactionView = z.output<ReturnType<typeof satisfactionSchema>>;
