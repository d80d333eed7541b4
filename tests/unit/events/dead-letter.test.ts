import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../local/lambda.js';

const routed = vi.hoisted(() => ({ ids: [] as string[] }));

vi.mock('../../../functions/events/use-cases/route-event.js', () => ({
  makeRouteEvent: () => async (event: { id: string }) => {
    routed.ids.push(event.id);
  },
}));

let handler: (event: DynamoDBStreamEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

beforeAll(async () => {
  Object.assign(process.env, { EVENT_BUS_NAME: 'unit-bus', POWERTOOLS_METRICS_DISABLED: 'true' });
  ({ handler } = await import('../../../functions/events/handlers/on-table-change.js'));
});

function inserted(sequence: string, id: string, data: Record<string, unknown>): DynamoDBRecord {
  const image = {
    PK: 'TICKET#t-1',
    SK: `EVENT#2026-11-20T10:00:00.000Z#${sequence}#${id}`,
    entityType: 'TicketEvent',
    id,
    ticketId: 't-1',
    ticketType: 'refund',
    type: 'TicketRejected',
    at: '2026-11-20T10:00:00.000Z',
    actor: { id: 'agent-1', role: 'agent' },
    visibility: 'public',
    data,
  };
  return {
    eventID: sequence,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      SequenceNumber: sequence,
      StreamViewType: 'NEW_IMAGE',
      NewImage: marshall(image) as Record<string, AttributeValue> as never,
    },
  };
}

describe('the event router', () => {
  it('reports an event whose data does not parse as a batch item failure and routes the others', async () => {
    // Act
    const response = await handler(
      {
        Records: [
          inserted('100', 'e-good', { reason: 'Out of warranty.' }),
          inserted('101', 'e-bad', { reason: 42 }),
          inserted('102', 'e-next', { reason: 'Duplicate claim.' }),
        ],
      },
      lambdaContext('event-router'),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    expect(routed.ids).toEqual(['e-good', 'e-next']);
  });
});
