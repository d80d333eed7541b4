import * as z from 'zod/mini';

/**
 * Room appeared for a member (available again, more capacity, a new team or skill): the staff
 * routes put it on the assignments queue, for the assigner (functions/assignment/).
 */
export const roomMessageSchema = z.object({
  kind: z.literal('room'),
  staffId: z.string(),
  trigger: z.string(),
});
export type RoomMessage = z.output<typeof roomMessageSchema>;
