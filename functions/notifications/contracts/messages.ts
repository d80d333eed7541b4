import * as z from 'zod/mini';

/** The notifier's own wake-up message for a held digest (on the notifications queue). */
export const DIGEST_DUE = 'DigestDue';

export const digestDueMessageSchema = z.object({
  kind: z.literal(DIGEST_DUE),
  address: z.string(),
  sendAt: z.string(),
});
export type DigestDueMessage = z.output<typeof digestDueMessageSchema>;
