import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { AggregateWriter } from '../../../functions/reports/domain/aggregate-store.js';
import { counterNames } from '../../../functions/reports/domain/aggregates.js';
import { ticketChangeFrom } from '../../../functions/reports/handlers/on-ticket-change.js';
import { makeRecordTicketChange } from '../../../functions/reports/use-cases/record-ticket-change.js';
import { aTicket } from '../../fixtures/builders.js';

const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as Record<
    string,
    AttributeValue
  > as never;

function record(
  eventName: DynamoDBRecord['eventName'],
  images: { old?: Record<string, unknown>; new?: Record<string, unknown> },
): DynamoDBRecord {
  return {
    eventID: '1',
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      Keys: marshall({ PK: 'TICKET#t-1', SK: 'TICKET' }) as never,
      SequenceNumber: '100',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ...(images.old ? { OldImage: image(images.old) } : {}),
      ...(images.new ? { NewImage: image(images.new) } : {}),
    },
  };
}

const ticketItem = (overrides: Parameters<typeof aTicket>[0] = {}) => ({
  PK: 'TICKET#t-1',
  SK: 'TICKET',
  entityType: 'Ticket',
  GSI3PK: 'TICKETS',
  ...aTicket({ id: 't-1', ...overrides }),
});

describe('ticketChangeFrom', () => {
  it('reads a created, changed and deleted ticket item as its images before and after', () => {
    const created = ticketChangeFrom(record('INSERT', { new: ticketItem() }));
    const changed = ticketChangeFrom(
      record('MODIFY', { old: ticketItem(), new: ticketItem({ status: 'resolved', version: 2 }) }),
    );
    const deleted = ticketChangeFrom(record('REMOVE', { old: ticketItem({ version: 3 }) }));

    expect(created?.before).toBeNull();
    expect(created?.after).toMatchObject({ id: 't-1', version: 1, type: 'inquiry' });
    expect(created?.after).not.toHaveProperty('GSI3PK');
    expect(changed?.before?.status).not.toBe('resolved');
    expect(changed?.after).toMatchObject({ status: 'resolved', version: 2 });
    expect(deleted).toEqual({ before: expect.objectContaining({ version: 3 }), after: null });
  });

  it('ignores every item that is not a ticket', () => {
    const event = { PK: 'TICKET#t-1', SK: 'EVENT#1', entityType: 'TicketEvent', id: 'e-1' };
    const aggregate = {
      PK: 'AGG#2026-11-20',
      SK: 'inquiry#general#',
      entityType: 'ReportAggregate',
      tickets: 1,
    };

    expect(ticketChangeFrom(record('INSERT', { new: event }))).toBeUndefined();
    expect(
      ticketChangeFrom(record('MODIFY', { old: aggregate, new: { ...aggregate, tickets: 2 } })),
    ).toBeUndefined();
  });
});

describe('recordTicketChange', () => {
  it('applies a change under its ticket and version, with its increments', async () => {
    const applied: { changeId: string; counters: Record<string, number>[] }[] = [];
    const writer: AggregateWriter = {
      async apply(changeId, increments) {
        applied.push({ changeId, counters: increments.map((row) => ({ ...row.counters })) });
        return true;
      },
    };
    const change = ticketChangeFrom(record('INSERT', { new: ticketItem() }));
    if (!change) throw new Error('no change');

    await makeRecordTicketChange({ writer })(change);

    expect(applied).toHaveLength(1);
    expect(applied[0]?.changeId).toBe('t-1#v1');
    expect(applied[0]?.counters).toContainEqual(expect.objectContaining({ [counterNames.tickets]: 1 }));
  });
});
