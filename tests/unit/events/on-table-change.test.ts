import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  envelopeFrom,
  erasureRequestFrom,
  MalformedEventError,
  privacyEventFrom,
} from '../../../functions/events/handlers/on-table-change.js';
import { ticketEventCatalog } from '../../../functions/tickets/contracts/events.js';

const storedEvent = {
  PK: 'TICKET#t-1',
  SK: 'EVENT#2026-11-20T10:00:00.000Z#000#e-1',
  entityType: 'TicketEvent',
  id: 'e-1',
  ticketId: 't-1',
  ticketType: 'refund',
  type: 'TicketCreated',
  at: '2026-11-20T10:00:00.000Z',
  actor: { id: 'c-1', role: 'customer' },
  visibility: 'public',
  data: {
    type: 'refund',
    status: 'requested',
    reason: 'defective',
    channel: 'web',
    orderId: 'o-1',
    items: [{ sku: 'KETTLE-1', name: 'Electric kettle', quantity: 1, unitPrice: 12900 }],
  },
};

function record(
  eventName: DynamoDBRecord['eventName'],
  image: Record<string, unknown> | undefined,
): DynamoDBRecord {
  return {
    eventID: '1',
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      Keys: marshall({ PK: 'TICKET#t-1', SK: 'x' }) as never,
      SequenceNumber: '100',
      StreamViewType: 'NEW_IMAGE',
      ...(image
        ? {
            NewImage: marshall(image, { removeUndefinedValues: true }) as Record<
              string,
              AttributeValue
            > as never,
          }
        : {}),
    },
  };
}

describe('envelopeFrom', () => {
  it('builds an envelope with the catalog version from an inserted timeline event', () => {
    // Act
    const envelope = envelopeFrom(record('INSERT', storedEvent));

    // Assess
    expect(envelope).toEqual({
      id: 'e-1',
      type: 'TicketCreated',
      version: ticketEventCatalog.TicketCreated.version,
      ticketId: 't-1',
      ticketType: 'refund',
      at: '2026-11-20T10:00:00.000Z',
      actor: { id: 'c-1', role: 'customer' },
      visibility: 'public',
      data: storedEvent.data,
    });
    expect(envelope).not.toHaveProperty('PK');
    expect(envelope).not.toHaveProperty('entityType');
  });

  it('ignores modified and removed records', () => {
    for (const eventName of ['MODIFY', 'REMOVE'] as const) {
      // Act
      const envelope = envelopeFrom(record(eventName, storedEvent));

      // Assess
      expect(envelope, eventName).toBeUndefined();
    }
  });

  it('ignores items that are not timeline events', () => {
    for (const entityType of ['Ticket', 'Order', 'OrderLine', 'SlaPolicy']) {
      // Act
      const envelope = envelopeFrom(record('INSERT', { ...storedEvent, entityType }));

      // Assess
      expect(envelope, entityType).toBeUndefined();
    }
  });

  it('ignores a record without a new image', () => {
    expect(envelopeFrom(record('INSERT', undefined))).toBeUndefined();
  });

  it('refuses an event type missing from the catalog, for the DLQ to keep', () => {
    // Act
    const attempt = () => envelopeFrom(record('INSERT', { ...storedEvent, type: 'SomethingNew', data: {} }));

    // Assess
    expect(attempt).toThrow(MalformedEventError);
  });

  it('refuses an event whose data does not match its type, naming the bad fields', () => {
    // Prepare
    const data = { ...storedEvent.data, items: [{ sku: 'KETTLE-1', quantity: 'one' }] };

    // Act
    const attempt = () => envelopeFrom(record('INSERT', { ...storedEvent, data }));

    // Assess
    expect(attempt).toThrow(MalformedEventError);
    try {
      attempt();
    } catch (error) {
      const paths = (error as MalformedEventError).issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['data.items.0.name', 'data.items.0.quantity']));
    }
  });

  it('refuses a timeline event that lacks envelope fields', () => {
    // Prepare
    const { ticketId: _ticketId, ...broken } = storedEvent;

    // Act
    const attempt = () => envelopeFrom(record('INSERT', broken));

    // Assess
    expect(attempt).toThrow();
  });
});

function change(
  eventName: DynamoDBRecord['eventName'],
  next: Record<string, unknown>,
  previous?: Record<string, unknown>,
): DynamoDBRecord {
  const image = (item: Record<string, unknown>) =>
    marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue> as never;
  const base = record(eventName, next);
  return { ...base, dynamodb: { ...base.dynamodb, ...(previous ? { OldImage: image(previous) } : {}) } };
}

describe('erasureRequestFrom', () => {
  const job = { PK: 'ERASURE#x-1', SK: 'ERASURE', entityType: 'ErasureJob', id: 'x-1', run: 1 };

  it('asks the privacy worker for a new job and for a new run of a job', () => {
    expect(erasureRequestFrom(change('INSERT', { ...job, status: 'requested' }))).toEqual({
      erasureId: 'x-1',
      run: 1,
    });
    expect(
      erasureRequestFrom(
        change('MODIFY', { ...job, status: 'requested', run: 2 }, { ...job, status: 'done' }),
      ),
    ).toEqual({ erasureId: 'x-1', run: 2 });
  });

  it('ignores the progress of a run, and every other item', () => {
    expect(
      erasureRequestFrom(change('MODIFY', { ...job, status: 'running' }, { ...job, status: 'requested' })),
    ).toBeUndefined();
    expect(
      erasureRequestFrom(change('MODIFY', { ...job, status: 'requested' }, { ...job, status: 'requested' })),
    ).toBeUndefined();
    expect(erasureRequestFrom(change('INSERT', storedEvent))).toBeUndefined();
  });
});

describe('privacyEventFrom', () => {
  const data = {
    customerId: 'c-1',
    erasureId: 'x-1',
    run: 1,
    requestedAt: '2026-11-20T10:00:00.000Z',
    erasedAt: '2026-11-20T10:01:00.000Z',
  };
  const outbox = {
    PK: 'ERASURE#x-1',
    SK: 'EVENT#0001',
    entityType: 'PrivacyEvent',
    id: 'x-1#1',
    type: 'CustomerErased',
    version: 1,
    at: data.erasedAt,
    data,
  };

  it('publishes an inserted CustomerErased outbox entry as it is', () => {
    expect(privacyEventFrom(change('INSERT', outbox))).toEqual({
      id: 'x-1#1',
      type: 'CustomerErased',
      version: 1,
      at: data.erasedAt,
      data,
    });
  });

  it('takes nothing else, and refuses an entry whose data does not match', () => {
    expect(privacyEventFrom(change('MODIFY', outbox))).toBeUndefined();
    expect(privacyEventFrom(change('INSERT', storedEvent))).toBeUndefined();
    expect(() => privacyEventFrom(change('INSERT', { ...outbox, data: { customerId: 'c-1' } }))).toThrow();
  });
});
