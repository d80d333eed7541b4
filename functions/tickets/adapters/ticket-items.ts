import type { SlaState } from '../../sla/domain/clocks.js';
import type { Ticket } from '../domain/ticket.js';

/**
 * How a ticket is laid out in its partition (ADR 23): the ticket item (`TICKET#<id>` / `TICKET`)
 * with what changes often, and the detail item (`TICKET#<id>` / `TICKET#DETAIL`) with what seldom
 * does. The ticket repository writes both; privacy's reader joins them the same way. No SDK here.
 */

/**
 * The fields that live on the detail item (`TICKET#<id>` / `TICKET#DETAIL`), not on the ticket
 * item: large, and set once or at one step of a workflow, so most changes leave them as they are
 * and write only the small ticket item (ADR 23). None is a key or a projected attribute of an index.
 */
export const ticketDetailFields = [
  'description',
  'items',
  'pickup',
  'returnShipment',
  'pickupBooking',
  'inspection',
  'outboundShipment',
  'classification',
  'rejectionReason',
  'openedBy',
] as const satisfies readonly (keyof Ticket)[];

/** The policy half of the SLA state (`slaPlan` on the detail item); its clocks and policy id stay on the ticket item. */
export const slaPlanFields = [
  'calendar',
  'targets',
  'warnAtPercent',
  'escalations',
] as const satisfies readonly (keyof SlaState)[];

/** The detail item's fields of a ticket, missing ones as null. */
export function detailOf(ticket: Ticket): Record<string, unknown> {
  const detail: Record<string, unknown> = {};
  for (const field of ticketDetailFields) detail[field] = ticket[field] ?? null;
  detail.slaPlan = Object.fromEntries(slaPlanFields.map((field) => [field, ticket.sla[field]]));
  return detail;
}

/**
 * The ticket as stored: the ticket item with its detail item's fields. A ticket item without
 * `detailVersion` was written before the split and holds every field itself. Undefined when the
 * two were read at different versions (a read raced a write: read them again). Privacy's reader
 * joins them with this too.
 */
export function joined(
  core: Record<string, unknown>,
  detail: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (core.detailVersion === undefined) return core;
  if (!detail || detail.version !== core.detailVersion) return undefined;
  // Only the detail fields: the detail item's own attributes (keys, version) are not the ticket's.
  const fields = Object.fromEntries(ticketDetailFields.map((field) => [field, detail[field]]));
  return {
    ...core,
    ...fields,
    sla: { ...(core.sla as Record<string, unknown>), ...(detail.slaPlan as Record<string, unknown>) },
  };
}
