import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { requireEnv } from '../../../../shared/env.js';
import { logger } from '../../../../shared/observability.js';
import { requireSecret } from '../../../../shared/secrets.js';
import { ticketDeps } from '../../../compose.js';
import { ticketEventEnvelopeSchema } from '../../../contracts/events.js';
import { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import { HttpCarrier } from '../adapters/carrier.http.js';
import { authorizeReturn } from '../domain/steps.js';

const processor = new BatchProcessor(EventType.SQS);
let applyStep: ReturnType<typeof makeApplySystemStep> | undefined;
let carrier: HttpCarrier | undefined;

/**
 * An approved return, exchange or repair: book the courier pickup when the customer asked for
 * one, or issue drop-off instructions, and move the ticket to awaiting_shipment. The booking key
 * is the ticket id, so a redelivered event gets the same booking.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const event = ticketEventEnvelopeSchema.parse(JSON.parse(record.body));
  if (event.type !== 'TicketApproved') return;
  applyStep ??= makeApplySystemStep(ticketDeps());
  carrier ??= new HttpCarrier(requireEnv('CARRIER_URL'), await requireSecret('CARRIER_SECRET'));
  const booker = carrier;
  const result = await applyStep(event.ticketId, async (ticket, now) => {
    if (ticket.status !== 'approved') return null;
    const booking =
      ticket.returnMethod === 'pickup' && ticket.pickup
        ? await booker.bookPickup({
            idempotencyKey: ticket.id,
            reference: ticket.id,
            address: ticket.pickup.address,
            window: ticket.pickup.window,
          })
        : null;
    return authorizeReturn(ticket, booking, now);
  });
  logger.info('Return authorised', { ticketId: event.ticketId, moved: result !== null });
}

/** Consumer of the returns queue (returns, exchanges, repairs). */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
