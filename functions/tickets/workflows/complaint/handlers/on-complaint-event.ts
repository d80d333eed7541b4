import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../../../shared/observability.js';
import { ticketDeps } from '../../../compose.js';
import { ticketEventEnvelopeSchema } from '../../../contracts/events.js';
import { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import { acknowledgeComplaint } from '../domain/lifecycle.js';

const processor = new BatchProcessor(EventType.SQS);
let applyStep: ReturnType<typeof makeApplySystemStep> | undefined;

/** A new complaint is acknowledged at once and lands in the complaint team's queue. */
async function recordHandler(record: SQSRecord): Promise<void> {
  const event = ticketEventEnvelopeSchema.parse(JSON.parse(record.body));
  if (event.type !== 'TicketCreated' || event.ticketType !== 'complaint') return;
  applyStep ??= makeApplySystemStep(ticketDeps());
  const result = await applyStep(event.ticketId, (ticket, now) =>
    ticket.status === 'open' ? acknowledgeComplaint(ticket, now) : null,
  );
  logger.info('Complaint acknowledged', { ticketId: event.ticketId, moved: result !== null });
}

/** Consumer of the complaints queue. */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
