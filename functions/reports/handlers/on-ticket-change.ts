import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '../../shared/observability.js';
import { streamConsumer } from '../../shared/queue-consumer.js';
import { aggregateWriter } from '../compose.js';
import type { AggregateTicket, TicketChange } from '../domain/aggregates.js';
import { makeRecordTicketChange } from '../use-cases/record-ticket-change.js';

/** What the aggregates read of a ticket item: the fields of `AggregateTicket`. */
const fields = [
  'id',
  'type',
  'status',
  'reason',
  'team',
  'assigneeId',
  'createdAt',
  'resolvedAt',
  'version',
  'sla',
  'satisfaction',
] as const satisfies readonly (keyof AggregateTicket)[];

function ticketOf(image: Record<string, AttributeValue> | undefined): AggregateTicket | null {
  if (!image) return null;
  const item = unmarshall(image);
  if (item.entityType !== 'Ticket') return null;
  const ticket: Record<string, unknown> = {};
  for (const field of fields) ticket[field] = item[field] ?? null;
  return ticket as unknown as AggregateTicket;
}

/**
 * The ticket change a table stream record carries (the stream has NEW_AND_OLD_IMAGES): the
 * Ticket item's image before and after an INSERT, MODIFY or REMOVE. Undefined for any other
 * item (timeline events, orders, markers, the aggregates themselves).
 */
export function ticketChangeFrom(record: DynamoDBRecord): TicketChange | undefined {
  const before = ticketOf(record.dynamodb?.OldImage as Record<string, AttributeValue> | undefined);
  const after = ticketOf(record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined);
  if (!before && !after) return undefined;
  return { before, after };
}

let recordTicketChange: ReturnType<typeof makeRecordTicketChange> | undefined;

/** Feeds the report aggregates from the table stream; a record whose write fails is retried. */
export const handler = streamConsumer({
  handle: async (record) => {
    const change = ticketChangeFrom(record);
    if (!change) return;
    recordTicketChange ??= makeRecordTicketChange({ writer: aggregateWriter() });
    const added = await recordTicketChange(change);
    logger.debug('Ticket change aggregated', {
      ticketId: (change.after ?? change.before)?.id,
      version: (change.after ?? change.before)?.version,
      added,
    });
  },
});
