import { addressDigest } from '../../notifications/domain/address-digest.js';
import type { Order } from '../../orders/domain/order.js';
import { ForbiddenError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';
import type { Actor, TicketEvent } from '../../tickets/domain/ticket.js';
import { type CustomerData, customerDataSchema, type ExportedTicket } from '../contracts/customer-data.js';
import { addressesOf, sentEmailPairs } from '../domain/erasure-plan.js';
import type { SentEmail, StoredEvent, StoredTicket } from '../domain/ports.js';
import { customerHoldings, type PrivacyDeps } from './deps.js';

/**
 * `GET /v1/customers/{customerId}/data` (admins) and `GET /v1/me/data` (the customer): all that
 * is held about the customer, as one document (contracts/customer-data.ts). Reads by key only:
 * the customer's tickets from their index, each ticket's partition, the orders of those tickets,
 * the sent-log entries of those tickets' events, the suppression entries of the addresses found.
 * Admins get internal timeline entries, internal notes and staff ids; the customer does not.
 */
export function makeExportCustomerData(deps: Pick<PrivacyDeps, 'reader' | 'erased' | 'hashKey' | 'clock'>) {
  const { reader, erased, clock } = deps;

  return async (principal: Principal, customerId: string): Promise<CustomerData> => {
    const admin = principal.roles.has('admin');
    const self = principal.roles.has('customer') && principal.id === customerId;
    if (!admin && !self)
      throw new ForbiddenError('Only admins, or the customer themselves, export this data.');

    const generatedAt = clock.now().toISOString();
    const { tickets, orders } = await customerHoldings(reader, customerId);
    const shown = (stored: StoredEvent) => admin || stored.event.visibility === 'public';
    const actor = (who: Actor) => (admin ? { role: who.role, id: who.id } : { role: who.role });
    const isMessage = (event: TicketEvent) => event.type === 'MessageAdded';
    const dataOf = (event: TicketEvent) =>
      admin
        ? { ...event.data }
        : Object.fromEntries(Object.entries(event.data).filter(([key]) => !staffIdKeys.has(key)));

    const sent = (await reader.sentEmails(sentEmailPairs({ tickets }))).filter(
      (email) => email.status === 'sent' && email.sentAt !== null,
    );
    const ticketOfEvent = new Map(
      tickets.flatMap(({ stored, events }) =>
        events.map(({ event }) => [event.id, stored.ticket.id] as const),
      ),
    );

    const addresses = addressesOf({ tickets, orders });
    const key = addresses.length > 0 ? await deps.hashKey.key() : '';
    const suppressions = [];
    for (const address of addresses) {
      const found = await reader.suppression(address, addressDigest(address, key));
      suppressions.push({
        address,
        suppressed: found !== undefined,
        reason: found?.reason ?? null,
        since: found?.at ?? null,
      });
    }
    const mark = await erased.mark(customerId);

    return customerDataSchema.parse({
      customerId,
      generatedAt,
      erasure: mark ? { erasureId: mark.erasureId, erasedAt: mark.at } : null,
      orders: orders.map(exportedOrder),
      tickets: tickets.map(({ stored, events }) =>
        exportedTicket(
          stored,
          events
            .filter((e) => shown(e) && !isMessage(e.event))
            .map(({ event }) => ({
              id: event.id,
              type: event.type,
              at: event.at,
              actor: actor(event.actor),
              visibility: event.visibility,
              data: dataOf(event),
            })),
        ),
      ),
      messages: tickets.flatMap(({ events }) =>
        events.flatMap((stored) => {
          const { event } = stored;
          return event.type === 'MessageAdded' && shown(stored)
            ? [
                {
                  ticketId: event.ticketId,
                  id: event.id,
                  at: event.at,
                  author: actor(event.actor),
                  body: event.data.body,
                  internal: event.data.internal,
                },
              ]
            : [];
        }),
      ),
      surveyAnswers: tickets.flatMap(({ stored: { ticket } }) =>
        ticket.satisfaction
          ? [
              {
                ticketId: ticket.id,
                score: ticket.satisfaction.score,
                nps: ticket.satisfaction.nps,
                comment: ticket.satisfaction.comment,
                ratedAt: ticket.satisfaction.ratedAt,
                via: ticket.satisfaction.via,
              },
            ]
          : [],
      ),
      emails: sent.sort(bySentAt).map((email) => ({
        ticketId: ticketOfEvent.get(email.eventId) ?? '',
        eventId: email.eventId,
        to: email.address,
        kind: email.kind,
        subject: email.subject,
        sentAt: email.sentAt as string,
      })),
      suppressions,
    });
  };
}

/** Event data that names staff: left out of the customer's own copy (they see roles, not people). */
const staffIdKeys = new Set(['assigneeId', 'requestedBy']);

const bySentAt = (a: SentEmail, b: SentEmail) =>
  (a.sentAt ?? '').localeCompare(b.sentAt ?? '') || a.eventId.localeCompare(b.eventId);

function exportedOrder(order: Order): CustomerData['orders'][number] {
  return {
    id: order.id,
    customerEmail: order.customerEmail,
    customerName: order.customerName,
    customerTier: order.customerTier,
    locale: order.locale,
    timeZone: order.timeZone,
    currency: order.currency,
    placedAt: order.placedAt,
    shippedAt: order.shippedAt,
    deliveredAt: order.deliveredAt,
    shippingFee: order.shippingFee,
    items: order.items.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      refundedQuantity: line.refundedQuantity,
      refundedAmount: line.refundedAmount,
    })),
    updatedAt: order.updatedAt,
  };
}

function exportedTicket(stored: StoredTicket, timeline: ExportedTicket['timeline']): ExportedTicket {
  const { ticket } = stored;
  const shipment = (s: typeof ticket.returnShipment) =>
    s && { carrier: s.carrier, trackingNumber: s.trackingNumber, at: s.at };
  return {
    id: ticket.id,
    type: ticket.type,
    status: ticket.status,
    orderId: ticket.orderId,
    channel: ticket.channel,
    reason: ticket.reason,
    subject: ticket.subject,
    description: ticket.description,
    customerEmail: ticket.customerEmail,
    locale: ticket.locale,
    items: ticket.items.map(({ sku, name, quantity, unitPrice }) => ({ sku, name, quantity, unitPrice })),
    currency: ticket.currency,
    returnMethod: ticket.returnMethod,
    pickup: ticket.pickup && { address: ticket.pickup.address, window: { ...ticket.pickup.window } },
    refund: ticket.refund && {
      amount: ticket.refund.amount,
      currency: ticket.refund.currency,
      status: ticket.refund.status,
    },
    rejectionReason: ticket.rejectionReason,
    returnShipment: shipment(ticket.returnShipment),
    outboundShipment: shipment(ticket.outboundShipment),
    inspection: ticket.inspection && {
      result: ticket.inspection.result,
      note: ticket.inspection.note,
      at: ticket.inspection.at,
    },
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    erasedAt: stored.erasedAt,
    timeline,
  };
}
