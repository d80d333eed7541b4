import { addressDigest } from '../../notifications/domain/address-digest.js';
import type { Clock } from '../../shared/clock.js';
import type { JobRun } from '../domain/erasure.js';
import type { ErasureStep, Holdings } from '../domain/erasure-plan.js';
import type {
  AddressHashKey,
  CustomerDataReader,
  ErasedCustomers,
  ErasureJobStore,
  PersonalDataWriter,
} from '../domain/ports.js';
import { erasedTicketFields, eraseEventData, eraseOrderContact } from '../domain/tombstone.js';

export interface PrivacyDeps {
  readonly reader: CustomerDataReader;
  readonly writer: PersonalDataWriter;
  readonly jobs: ErasureJobStore;
  readonly erased: ErasedCustomers;
  readonly hashKey: AddressHashKey;
  readonly clock: Clock;
}

/** How many times a run plans again after writes that lost a race (a ticket written meanwhile). */
export const MAX_ROUNDS = 5;

/** A customer's tickets (with their timelines) and orders. */
export async function customerHoldings(
  reader: CustomerDataReader,
  customerId: string,
): Promise<Pick<Holdings, 'tickets' | 'orders'>> {
  const listed = await reader.tickets(customerId);
  const tickets = [];
  for (const { ticket } of listed) {
    const found = await reader.ticketWithTimeline(ticket.id);
    // Only tickets still the customer's (the index lags the table a moment).
    if (found && found.stored.ticket.customerId === customerId) tickets.push(found);
  }
  // Orders on the customer's index, and those of their tickets (an order stored before orders
  // were indexed is found through its tickets).
  const orderIds = [
    ...new Set([
      ...(await reader.orderIds(customerId)),
      ...tickets.map(({ stored }) => stored.ticket.orderId),
    ]),
  ].filter((id): id is string => id !== null);
  const orders = [];
  for (const orderId of orderIds) {
    const order = await reader.order(orderId);
    if (order && order.customerId === customerId) orders.push(order);
  }
  return { tickets, orders };
}

/**
 * Carries out the steps one by one. Returns how many wrote; a step whose condition failed
 * (done by a concurrent run, or the item changed meanwhile) is left to the next plan.
 */
export async function carryOut(
  deps: Pick<PrivacyDeps, 'writer' | 'hashKey' | 'clock'>,
  steps: readonly ErasureStep[],
  run: JobRun | null,
): Promise<number> {
  const { writer, clock } = deps;
  let written = 0;
  let key: string | undefined;
  for (const step of steps) {
    const at = clock.now().toISOString();
    let wrote: boolean;
    switch (step.kind) {
      case 'sentEmails':
        wrote = await writer.forgetSentEmail(step.key, at, run);
        break;
      case 'suppressions':
        key ??= await deps.hashKey.key();
        wrote = await writer.hashSuppression(step.address, addressDigest(step.address, key), at, run);
        break;
      case 'timelineEvents':
        wrote = await writer.eraseEvent(
          step.stored,
          eraseEventData(step.stored.event.type, step.stored.event.data),
          at,
          run,
        );
        break;
      case 'tickets':
        wrote = await writer.eraseTicket(step.stored.ticket, erasedTicketFields(step.stored.ticket), at, run);
        break;
      case 'orders':
        wrote = await writer.eraseOrder(step.order.id, step.order, eraseOrderContact(step.order), at, run);
        break;
    }
    if (wrote) written++;
  }
  return written;
}
