import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { queueNames } from '../../functions/shared/queue-catalog.js';
import type { Runtime } from '../../local/runtime.js';
import { eventually, orderFacts } from '../e2e/support.js';
import { call, restartableRuntime, token } from './restartable-runtime.js';

/**
 * Fault suite (issue 13): a crash between the table write and the queue. Refunds are
 * acknowledged (201: the ticket and its TicketCreated event are in the table) and the runtime
 * is stopped at once, with the stream router and the in-memory queues mid-way: their messages
 * are lost. Started again on the same data, every acknowledged refund must end `refunded`,
 * each paid once, each email sent once, and the DLQs stay empty.
 * (A real SIGKILL of `npm start`'s runtime is measured by `npm run bench`.)
 */
const N = 8;
const runtime = restartableRuntime('crash', { sweepSeconds: 1 });
const start = runtime.start;
afterAll(runtime.dispose);

async function emails(runtime: Runtime): Promise<{ to: string[]; subject: string }[]> {
  return (await call(runtime, 'GET', '/_local/emails')).body.emails;
}

describe('fault suite: a crash between the table write and the queue', () => {
  it('finishes every acknowledged refund after a restart on the same data: refunded, paid once, mailed once', async () => {
    const first = await start();
    const shop = await token(first, 'shop', ['integrations']);
    const run = Date.now();
    const acknowledged = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const customerId = `crash-${run}-${i}`;
        const orderId = `o-crash-${run}-${i}`;
        const order = await call(first, 'PUT', `/v1/orders/${orderId}`, shop, orderFacts(customerId));
        expect(order.status).toBe(201);
        const created = await call(
          first,
          'POST',
          '/v1/tickets',
          await token(first, customerId, ['customers']),
          {
            type: 'refund',
            orderId,
            items: [{ sku: 'MUG-1', quantity: 1 }],
            reason: 'missing_item',
          },
        );
        expect(created.status).toBe(201);
        return created.body.id as string;
      }),
    );
    // Mail already sent before the crash: the SES emulator keeps it in memory only.
    const mailedBefore = await emails(first);
    await runtime.stop(first);

    const second = await start();
    const agent = await token(second, 'agent-crash', ['agents']);
    const tickets = await eventually(
      () =>
        Promise.all(
          acknowledged.map(async (id) => (await call(second, 'GET', `/v1/tickets/${id}`, agent)).body),
        ),
      (all) => all.every((ticket) => ticket.status === 'refunded'),
      60_000,
    );

    expect(tickets.map((ticket) => [ticket.id, ticket.status])).toEqual(
      acknowledged.map((id) => [id, 'refunded']),
    );
    for (const ticket of tickets) {
      expect(second.partners.payments.filter((p) => p.reference === ticket.id)).toHaveLength(1);
      const types = (ticket.timeline as { type: string }[]).map((event) => event.type);
      for (const once of ['TicketCreated', 'TicketApproved', 'RefundRequested', 'RefundIssued'])
        expect(
          types.filter((type) => type === once),
          `${ticket.id}: ${types.join(',')}`,
        ).toHaveLength(1);
    }
    // The DLQs after the restart (the queue emulator keeps nothing across one) hold nothing, and
    // once every queue is drained all mail has gone out.
    const sqs = new SQSClient({
      endpoint: second.endpoints.sqs,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    const messages = async (url: string) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return Object.values(Attributes).reduce((sum, count) => sum + Number(count), 0);
    };
    const waiting = await eventually(
      async () => {
        let total = 0;
        for (const name of queueNames) total += await messages(second.queues[name].url);
        return total;
      },
      (total) => total === 0,
      20_000,
    );
    const dead: Record<string, number> = {};
    for (const name of queueNames) dead[name] = await messages(second.queues[name].dlqUrl);
    sqs.destroy();
    expect(waiting).toBe(0);
    expect(dead).toEqual(Object.fromEntries(queueNames.map((name) => [name, 0])));
    // Each customer's mail (received, approved, refunded): no subject twice across the crash.
    // Mail sent while the first runtime was stopping is not seen.
    const mailed = [...mailedBefore, ...(await emails(second))];
    for (let i = 0; i < N; i++) {
      const subjects = mailed
        .filter((mail) => mail.to.includes(`crash-${run}-${i}@example.com`))
        .map((m) => m.subject);
      expect(subjects.length).toBeGreaterThan(0);
      expect(new Set(subjects).size, subjects.join(' | ')).toBe(subjects.length);
    }
  }, 150_000);
});
