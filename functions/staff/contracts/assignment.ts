import * as z from 'zod';
import { ticketEventSchemaOf } from '../../tickets/contracts/events.js';

/** The ticket events the assigner subscribes to (functions/events/workers.ts). */
export const assignerEvents = [
  'TicketRouted',
  'TicketReopened',
  'TicketEscalated',
  'TicketAssigned',
  'TicketResolved',
  'TicketClosed',
  'TicketCancelled',
] as const;

/** Room appeared for a member (available again, more capacity, a new team or skill): the staff routes send it. */
export const roomMessageSchema = z.object({
  kind: z.literal('room'),
  staffId: z.string(),
  trigger: z.string(),
});
export type RoomMessage = z.output<typeof roomMessageSchema>;

/** What the assignments queue carries: a ticket event from the router, or a room message. */
export const assignmentMessageSchema = z.union([roomMessageSchema, ticketEventSchemaOf(assignerEvents)]);
