import * as z from 'zod/mini';
import { roomMessageSchema } from '../../staff/contracts/room.js';
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

/** What the assignments queue carries: a ticket event from the router, or a staff route's room message. */
export const assignmentMessageSchema = z.union([roomMessageSchema, ticketEventSchemaOf(assignerEvents)]);
