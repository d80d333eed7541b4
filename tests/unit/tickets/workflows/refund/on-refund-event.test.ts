import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../../local/lambda.js';

const seen = vi.hoisted(() => ({ finalDelivery: [] as boolean[] }));

vi.mock('../../../../../functions/tickets/workflows/refund/use-cases/process-refund-event.js', () => ({
  makeProcessRefundEvent: () => async (_event: unknown, options: { finalDelivery: boolean }) => {
    seen.finalDelivery.push(options.finalDelivery);
    return 'nothing to do';
  },
}));

let handler: (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 'unit-table',
    PAYMENT_GATEWAY_URL: 'http://127.0.0.1:9/gateway',
    PAYMENT_GATEWAY_SECRET: 'unit-secret',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  ({ handler } = await import(
    '../../../../../functions/tickets/workflows/refund/handlers/on-refund-event.js'
  ));
});
beforeEach(() => {
  seen.finalDelivery.length = 0;
});

function record(receiveCount: number): SQSRecord {
  const body = {
    id: `ev-${receiveCount}`,
    type: 'RefundRequested',
    version: 3,
    ticketId: 't-1',
    ticketType: 'refund',
    at: '2026-11-24T10:00:00.000Z',
    actor: { id: 'redress', role: 'system' },
    visibility: 'internal',
    data: { attempt: 1, amount: 12900, currency: 'CNY' },
  };
  return {
    messageId: `m-${receiveCount}`,
    receiptHandle: 'rh',
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount) } as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:refunds',
    awsRegion: 'us-east-1',
  };
}

describe('refund worker: the final delivery', () => {
  it('is only the delivery that reaches maxReceiveCount (5), not the one before it', async () => {
    for (const count of [1, 4, 5, 6]) {
      await handler({ Records: [record(count)] }, lambdaContext('refund-worker'));
    }

    expect(seen.finalDelivery).toEqual([false, false, true, true]);
  });
});

describe('refund worker: gateway timeout', () => {
  it('reads PAYMENT_GATEWAY_TIMEOUT_MS, 5 s by default, and refuses nonsense', async () => {
    const { gatewayTimeoutMs } = await import(
      '../../../../../functions/tickets/workflows/refund/adapters/payment-gateway.http.js'
    );

    expect(gatewayTimeoutMs({})).toBe(5000);
    expect(gatewayTimeoutMs({ PAYMENT_GATEWAY_TIMEOUT_MS: '1000' })).toBe(1000);
    expect(() => gatewayTimeoutMs({ PAYMENT_GATEWAY_TIMEOUT_MS: '0' })).toThrow(/PAYMENT_GATEWAY_TIMEOUT_MS/);
  });
});
