import * as z from 'zod/mini';

/**
 * The privacy queue's message from the ticket core: an ended ticket's retention timer fell due
 * (RETENTION_DAYS after it closed). The timer worker sends it; the privacy worker erases that
 * ticket's personal data the way an erasure does (ADR 11). The ticket core defines it because it
 * sends it and sits below the privacy context, which reads it.
 */
export const retentionDueMessageSchema = z.object({
  kind: z.literal('retention-due'),
  ticketId: z.string().check(z.minLength(1)),
});
export type RetentionDueMessage = z.output<typeof retentionDueMessageSchema>;
