import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeFrom } from '../../functions/events/handlers/on-table-change.js';
import { DynamoDbSentLog } from '../../functions/notifications/adapters/sent-log.dynamodb.js';
import { DynamoDbSuppressionList } from '../../functions/notifications/adapters/suppression-list.dynamodb.js';
import { addressDigest } from '../../functions/notifications/domain/address-digest.js';
import { DynamoDbOrderRepository } from '../../functions/orders/adapters/order-repository.dynamodb.js';
import type { OrderFacts } from '../../functions/orders/domain/order.js';
import { DynamoDbCustomerDataReader } from '../../functions/privacy/adapters/customer-data.dynamodb.js';
import { DynamoDbErasureJobs } from '../../functions/privacy/adapters/erasure-jobs.dynamodb.js';
import { privacyKeys } from '../../functions/privacy/adapters/keys.js';
import { DynamoDbPersonalDataWriter } from '../../functions/privacy/adapters/personal-data-writer.dynamodb.js';
import { ERASURE_LEASE_MS } from '../../functions/privacy/domain/erasure.js';
import type { PersonalDataWriter } from '../../functions/privacy/domain/ports.js';
import { TOMBSTONE } from '../../functions/privacy/domain/tombstone.js';
import type { PrivacyDeps } from '../../functions/privacy/use-cases/deps.js';
import { makeEraseExpiredTicket } from '../../functions/privacy/use-cases/erase-expired-ticket.js';
import { makeExportCustomerData } from '../../functions/privacy/use-cases/export-customer-data.js';
import { makeGetErasure, makeRequestErasure } from '../../functions/privacy/use-cases/request-erasure.js';
import { makeRunErasure } from '../../functions/privacy/use-cases/run-erasure.js';
import { DynamoDbTicketSource } from '../../functions/reports/adapters/ticket-source.dynamodb.js';
import { type ReportTicket, summarize } from '../../functions/reports/domain/summary.js';
import { ConflictError, ForbiddenError } from '../../functions/shared/errors.js';
import { DynamoDbTicketRepository } from '../../functions/tickets/adapters/ticket-repository.dynamodb.js';
import type { Ticket, TicketEvent } from '../../functions/tickets/domain/ticket.js';
import {
  admin,
  agent,
  anEvent,
  aTicket,
  customer,
  iso,
  MINUTE,
  T0,
  testClock,
} from '../fixtures/builders.js';
import { credentials, type LocalTable, region, startLocalTable } from './support.js';

const DAY = 24 * 60 * MINUTE;
const KEY = 'address-hash-test-key';
const ANN = 'Ann@Example.com';
const ann = 'ann@example.com';

/** Every piece of Ann's personal text the seed writes: none may survive her erasure. */
const annsWords = [
  ann,
  'Ann Li',
  'It leaks from the base',
  'Kettle leaks',
  'Call me on 555-0100',
  '1 Long Road',
  'Her third claim this month',
  'Rude agent',
  'Ann sent the wrong box',
  'Box was crushed',
  'mailbox full',
];

let table: LocalTable;
let tickets: DynamoDbTicketRepository;
let orders: DynamoDbOrderRepository;
let sentLog: DynamoDbSentLog;
const clock = testClock(new Date(iso(T0, 30 * DAY)));

function deps(writer?: PersonalDataWriter): PrivacyDeps {
  const jobs = new DynamoDbErasureJobs(table.documentClient, table.tableName);
  return {
    reader: new DynamoDbCustomerDataReader(table.documentClient, table.tableName),
    writer: writer ?? new DynamoDbPersonalDataWriter(table.documentClient, table.tableName),
    jobs,
    erased: jobs,
    hashKey: { key: async () => KEY },
    clock,
  };
}

/** A writer that dies (as a process would) after `n` writes that landed. */
function crashingAfter(n: number): PersonalDataWriter {
  const real = new DynamoDbPersonalDataWriter(table.documentClient, table.tableName);
  let left = n;
  const guard =
    <A extends unknown[]>(write: (...args: A) => Promise<boolean>) =>
    async (...args: A) => {
      if (left === 0) throw new Error('crash');
      const wrote = await write(...args);
      if (wrote) left--;
      return wrote;
    };
  return {
    eraseTicket: guard(real.eraseTicket.bind(real)),
    eraseEvent: guard(real.eraseEvent.bind(real)),
    eraseOrder: guard(real.eraseOrder.bind(real)),
    forgetSentEmail: guard(real.forgetSentEmail.bind(real)),
    hashSuppression: guard(real.hashSuppression.bind(real)),
  };
}

function facts(customerId: string, customerEmail: string, customerName: string | null): OrderFacts {
  return {
    customerId,
    customerEmail,
    customerName,
    customerTier: 'standard',
    locale: 'en',
    timeZone: null,
    currency: 'CNY',
    placedAt: iso(T0, -10 * DAY),
    shippedAt: iso(T0, -9 * DAY),
    deliveredAt: iso(T0, -8 * DAY),
    shippingFee: 1000,
    items: [
      {
        sku: 'KETTLE-1',
        name: 'Electric kettle',
        quantity: 2,
        unitPrice: 12900,
        discount: 0,
        category: 'home',
        noReasonReturn: true,
        finalSale: false,
      },
    ],
  };
}

const at = (minutes: number) => iso(T0, minutes * MINUTE);

/** Ann (customer `c-ann`): a rated, rejected refund with messages and notes; an inquiry. Bob: one ticket. */
async function seed(): Promise<{ annTickets: Ticket[]; events: TicketEvent[] }> {
  await orders.save('o-ann', facts('c-ann', ANN, 'Ann Li'), at(0));
  // An order Ann never opened a ticket on: found on her index all the same.
  await orders.save('o-ann-2', { ...facts('c-ann', ANN, 'Ann Li'), placedAt: iso(T0, -5 * DAY) }, at(0));
  await orders.save('o-bob', facts('c-bob', 'bob@example.com', 'Bob Wu'), at(0));
  const refund: Ticket = {
    ...aTicket(
      { id: 't-ann-1', customerId: 'c-ann', customerEmail: ANN, orderId: 'o-ann', subject: 'Kettle leaks' },
      { type: 'refund', customerId: 'c-ann', description: 'It leaks from the base. Call me on 555-0100.' },
    ),
    status: 'closed',
    assigneeId: 'agent-1',
    rejectionReason: 'Ann sent the wrong box',
    resolvedAt: at(300),
    closedAt: at(400),
    inspection: { result: 'rejected', note: 'Box was crushed', at: at(200) },
    satisfaction: {
      score: 2,
      nps: 3,
      comment: 'Rude agent',
      ratedAt: at(350),
      assigneeId: 'agent-1',
      via: 'survey',
    },
  };
  const inquiry: Ticket = {
    ...aTicket(
      { id: 't-ann-2', customerId: 'c-ann', customerEmail: ANN, createdAt: at(500) },
      { customerId: 'c-ann' },
    ),
    returnMethod: null,
    pickup: { address: '1 Long Road, Shanghai', window: { from: at(600), to: at(700) } },
  };
  const bob = aTicket(
    { id: 't-bob', customerId: 'c-bob', customerEmail: 'bob@example.com', orderId: 'o-bob' },
    { type: 'refund', customerId: 'c-bob', description: 'Bob says: broken lid.' },
  );
  const customerActor = { id: 'c-ann', role: 'customer' as const };
  const agentActor = { id: 'agent-1', role: 'agent' as const };
  // What a ticket's TicketCreated carries (the event catalog's data), so that the router takes it.
  const created = (ticket: Ticket) => ({
    type: ticket.type,
    status: ticket.status,
    reason: ticket.reason,
    channel: ticket.channel,
    orderId: ticket.orderId,
    items: ticket.items.map(({ sku, name, quantity, unitPrice }) => ({ sku, name, quantity, unitPrice })),
  });
  const events: TicketEvent[] = [
    anEvent(refund, {
      id: 'e-1',
      at: at(1),
      type: 'TicketCreated',
      actor: customerActor,
      data: created(refund),
    }),
    anEvent(refund, {
      id: 'e-2',
      at: at(2),
      type: 'MessageAdded',
      actor: customerActor,
      data: { body: 'Call me on 555-0100', internal: false },
    }),
    anEvent(refund, {
      id: 'e-3',
      at: at(3),
      type: 'MessageAdded',
      actor: agentActor,
      visibility: 'internal',
      data: { body: 'Her third claim this month', internal: true },
    }),
    anEvent(refund, {
      id: 'e-4',
      at: at(4),
      type: 'TicketRejected',
      actor: agentActor,
      data: { reason: 'Ann sent the wrong box' },
    }),
    anEvent(refund, {
      id: 'e-5',
      at: at(5),
      type: 'SatisfactionRated',
      actor: customerActor,
      data: { score: 2, nps: 3, comment: 'Rude agent', assigneeId: 'agent-1', via: 'survey' },
    }),
    anEvent(refund, {
      id: 'e-6',
      at: at(6),
      type: 'SlaBreached',
      actor: { id: 'sla-engine', role: 'system' },
      visibility: 'internal',
      data: { metric: 'firstResponse', dueAt: at(6) },
    }),
  ];
  await tickets.create(refund, events);
  await tickets.create(inquiry, [
    anEvent(inquiry, {
      id: 'e-7',
      at: at(501),
      type: 'TicketCreated',
      actor: customerActor,
      data: created(inquiry),
    }),
  ]);
  await tickets.create(bob, [
    anEvent(bob, {
      id: 'e-bob',
      at: at(2),
      type: 'MessageAdded',
      actor: { id: 'c-bob', role: 'customer' },
      data: { body: 'Bob here', internal: false },
    }),
  ]);
  // What the notifier wrote: two emails to Ann, one to staff about her ticket, one to Bob.
  for (const [eventId, address, subject, kind] of [
    ['e-4', ANN, 'Your refund request was declined', 'TicketRejected'],
    ['e-7', ANN, 'We received your inquiry', 'TicketCreated'],
    ['e-6', 'sup-1@shop.example', 'SLA breached', 'SlaBreached'],
    ['e-bob', 'bob@example.com', 'Bob', 'MessageAdded'],
  ] as const) {
    await sentLog.claim(`${eventId}#${address.toLowerCase()}`, new Date(at(10)));
    await sentLog.markSent(`${eventId}#${address.toLowerCase()}`, `m-${eventId}`, new Date(at(11)), {
      subject,
      kind,
    });
  }
  const suppressions = new DynamoDbSuppressionList(table.documentClient, table.tableName, async () => KEY);
  await suppressions.suppress(ANN, 'bounce', new Date(at(20)), `550 ${ann}: mailbox full`);
  await suppressions.suppress('bob@example.com', 'complaint', new Date(at(20)), null);
  return { annTickets: [refund, inquiry], events };
}

async function everything(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The ids of the events the router would publish, read from the table's stream from its start. */
async function routedEventIds(): Promise<string[]> {
  const streams = new DynamoDBStreamsClient({ endpoint: table.dynamo.endpoint, region, credentials });
  const ids: string[] = [];
  try {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: table.streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: table.streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        for (const record of page.Records ?? []) {
          const envelope = envelopeFrom(record as unknown as DynamoDBRecord);
          if (envelope) ids.push(envelope.id);
        }
        // An open shard always hands out a next iterator: an empty page is the end of what is there.
        iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined;
      }
    }
  } finally {
    streams.destroy();
  }
  return ids.sort();
}

async function report(): Promise<ReturnType<typeof summarize>> {
  const source = new DynamoDbTicketSource(table.documentClient, table.tableName);
  const read: ReportTicket[] = [];
  for await (const ticket of source.createdBetween(new Date(iso(T0, -DAY)), new Date(iso(T0, 2 * DAY)))) {
    read.push(ticket);
  }
  return summarize(read, clock.now());
}

let seeded: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  table = await startLocalTable();
  tickets = new DynamoDbTicketRepository(table.documentClient, table.tableName);
  orders = new DynamoDbOrderRepository(table.documentClient, table.tableName);
  sentLog = new DynamoDbSentLog(table.documentClient, table.tableName);
  seeded = await seed();
});
afterAll(async () => table?.stop());

describe("export of a customer's data", () => {
  it('gives an admin everything held about the customer, internal notes and staff ids included', async () => {
    const data = await makeExportCustomerData(deps())(admin(), 'c-ann');

    expect(data.customerId).toBe('c-ann');
    expect(data.erasure).toBeNull();
    expect(data.tickets.map((t) => t.id)).toEqual(['t-ann-2', 't-ann-1']);
    expect(data.orders).toEqual([
      expect.objectContaining({ id: 'o-ann-2', customerEmail: ANN, customerName: 'Ann Li' }),
      expect.objectContaining({ id: 'o-ann', customerEmail: ANN, customerName: 'Ann Li', shippingFee: 1000 }),
    ]);
    // The customer's ticket list, on the same index, still lists tickets only.
    const listed = await tickets.list({ scope: { kind: 'customer', customerId: 'c-ann' }, limit: 10 });
    expect(listed.items.map((t) => t.id)).toEqual(['t-ann-2', 't-ann-1']);
    expect(data.messages.map((m) => [m.id, m.internal, m.author])).toEqual([
      ['e-2', false, { role: 'customer', id: 'c-ann' }],
      ['e-3', true, { role: 'agent', id: 'agent-1' }],
    ]);
    const refund = data.tickets.find((t) => t.id === 't-ann-1');
    expect(refund?.timeline.map((e) => e.type)).toEqual([
      'TicketCreated',
      'TicketRejected',
      'SatisfactionRated',
      'SlaBreached',
    ]);
    expect(refund).toMatchObject({ subject: 'Kettle leaks', rejectionReason: 'Ann sent the wrong box' });
    expect(data.surveyAnswers).toEqual([
      { ticketId: 't-ann-1', score: 2, nps: 3, comment: 'Rude agent', ratedAt: at(350), via: 'survey' },
    ]);
    expect(data.emails).toEqual([
      {
        ticketId: 't-ann-1',
        eventId: 'e-4',
        to: ann,
        kind: 'TicketRejected',
        subject: 'Your refund request was declined',
        sentAt: at(11),
      },
      {
        ticketId: 't-ann-2',
        eventId: 'e-7',
        to: ann,
        kind: 'TicketCreated',
        subject: 'We received your inquiry',
        sentAt: at(11),
      },
    ]);
    expect(data.suppressions).toEqual([{ address: ann, suppressed: true, reason: 'bounce', since: at(20) }]);
    expect(JSON.stringify(data)).not.toContain('Bob');
  });

  it('gives the customer their own data without internal entries or staff ids', async () => {
    const data = await makeExportCustomerData(deps())(customer('c-ann'), 'c-ann');

    expect(data.messages.map((m) => m.id)).toEqual(['e-2']);
    expect(JSON.stringify(data)).not.toContain('Her third claim');
    expect(JSON.stringify(data)).not.toContain('agent-1');
    const refund = data.tickets.find((t) => t.id === 't-ann-1');
    expect(refund?.timeline.map((e) => e.type)).toEqual([
      'TicketCreated',
      'TicketRejected',
      'SatisfactionRated',
    ]);
  });

  it("refuses another customer's data and staff below admin", async () => {
    await expect(makeExportCustomerData(deps())(customer('c-bob'), 'c-ann')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(makeExportCustomerData(deps())(agent(), 'c-ann')).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('erasure of a customer', () => {
  let before: Awaited<ReturnType<typeof report>>;
  let erasureId: string;
  let stale: Ticket;

  it('records a requested job; a second request names the same job', async () => {
    before = await report();
    stale = (await tickets.get('t-ann-2')) as Ticket;
    const request = makeRequestErasure(deps());

    const first = await request(admin(), 'c-ann');
    const second = await request(admin('adm-2'), 'c-ann');

    expect(first.outcome).toBe('created');
    expect(first.job).toMatchObject({ customerId: 'c-ann', status: 'requested', run: 1 });
    expect(second).toMatchObject({ outcome: 'unchanged', job: { id: first.job.id } });
    await expect(request(agent(), 'c-ann')).rejects.toBeInstanceOf(ForbiddenError);
    erasureId = first.job.id;
  });

  it('stops after a crash with its progress recorded and the customer marked erased', async () => {
    await expect(makeRunErasure(deps(crashingAfter(4)))(erasureId)).rejects.toThrow('crash');

    const job = await makeGetErasure(deps())(admin(), erasureId);
    expect(job.status).toBe('running');
    expect(job.stepsDone).toBe(4);
    expect(Object.values(job.progress).reduce((a, b) => a + b, 0)).toBe(4);
    // Address-keyed items go first: both of Ann's emails and her suppression.
    expect(job.progress).toMatchObject({ sentEmails: 2, suppressions: 1, timelineEvents: 1 });
    expect(await deps().erased.isErased('c-ann')).toBe(true);
    expect(await deps().erased.isErased('c-bob')).toBe(false);
  });

  it('finishes on the next run without doing any step twice', async () => {
    const plannedFirst = (await deps().jobs.get(erasureId))?.plannedSteps;

    const result = await makeRunErasure(deps())(erasureId);

    expect(result).toMatchObject({ outcome: 'done', event: { customerId: 'c-ann', erasureId, run: 1 } });
    const job = await deps().jobs.get(erasureId);
    // 2 emails, 1 suppression, 4 events with text (e-2..e-5), 2 tickets, 2 orders.
    expect(plannedFirst).toBe(11);
    expect(job?.progress).toEqual({
      sentEmails: 2,
      suppressions: 1,
      timelineEvents: 4,
      tickets: 2,
      orders: 2,
    });
    expect(result.outcome === 'done' && result.steps).toBe(7);
    expect(job).toMatchObject({ status: 'done', plannedSteps: 7, stepsDone: 7 });
    expect(job?.finishedAt).not.toBeNull();
  });

  it("leaves none of the customer's words, names or addresses in the table", async () => {
    const dump = JSON.stringify(await everything());
    for (const words of annsWords) expect(dump.toLowerCase()).not.toContain(words.toLowerCase());
    // Bob is untouched.
    for (const words of ['bob@example.com', 'Bob Wu', 'Bob says: broken lid.', 'Bob here'])
      expect(dump).toContain(words);
  });

  it('keeps amounts, SKUs, statuses, dates and SLA outcomes: the report is unchanged', async () => {
    expect(await report()).toEqual(before);
    const refund = (await tickets.get('t-ann-1')) as Ticket;
    const original = seeded.annTickets[0] as Ticket;
    expect(refund).toMatchObject({
      status: original.status,
      items: original.items,
      refund: original.refund,
      holds: original.holds,
      sla: original.sla,
      createdAt: original.createdAt,
      closedAt: original.closedAt,
      customerEmail: TOMBSTONE,
      description: TOMBSTONE,
      satisfaction: { ...original.satisfaction, comment: TOMBSTONE },
    });
    expect(refund.version).toBe(original.version + 1);
    const order = await orders.get('o-ann');
    expect(order).toMatchObject({ customerEmail: TOMBSTONE, customerName: TOMBSTONE, shippingFee: 1000 });
    expect(order?.items[0]).toMatchObject({ sku: 'KETTLE-1', quantity: 2, unitPrice: 12900 });
  });

  it('moves a writer that read the ticket before the erasure onto the erased one', async () => {
    await expect(
      tickets.update({ ...stale, version: stale.version + 1 }, stale.version, []),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('keeps the bounce suppressed under the address HMAC, and only there', async () => {
    const hashed = await table.documentClient.send(
      new GetCommand({
        TableName: table.tableName,
        Key: privacyKeys.hashedSuppression(addressDigest(ANN, KEY)),
      }),
    );
    expect(hashed.Item).toMatchObject({ reason: 'bounce', at: at(20), detail: null });
    const plain = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: privacyKeys.suppression(ANN) }),
    );
    expect(plain.Item).toBeUndefined();
    // The notifier, holding the key, still finds both suppressed.
    const notifierView = new DynamoDbSuppressionList(table.documentClient, table.tableName, async () => KEY);
    expect(await notifierView.isSuppressed(ANN)).toBe(true);
    expect(await notifierView.isSuppressed('bob@example.com')).toBe(true);
    expect(await notifierView.isSuppressed('nobody@example.com')).toBe(false);
  });

  it('writes the CustomerErased event once, on its outbox entry', async () => {
    const items = (await everything()).filter((item) => item.entityType === 'PrivacyEvent');
    expect(items).toEqual([
      expect.objectContaining({
        type: 'CustomerErased',
        version: 1,
        data: expect.objectContaining({ customerId: 'c-ann', erasureId, run: 1 }),
      }),
    ]);
    expect(await makeRunErasure(deps())(erasureId)).toEqual({ outcome: 'already-done' });
  });

  it('publishes no ticket event again: the rewritten timeline entries are modifications, not inserts', async () => {
    expect(await routedEventIds()).toEqual(['e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6', 'e-7', 'e-bob']);
  });

  it('keeps an open ticket on the due-timer index: its SLA clocks still run', async () => {
    const item = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: privacyKeys.ticket('t-ann-2') }),
    );
    expect(item.Item).toMatchObject({ status: 'open', erasedAt: expect.any(String) });
    expect(item.Item?.GSI4PK).toMatch(/^DUE#/);
  });

  it('exports only tombstones, amounts and dates afterwards, with the erasure named', async () => {
    const data = await makeExportCustomerData(deps())(admin(), 'c-ann');

    expect(data.erasure).toMatchObject({ erasureId });
    expect(data.emails).toEqual([]);
    expect(data.suppressions).toEqual([]);
    expect(data.messages.map((m) => m.body)).toEqual([TOMBSTONE, TOMBSTONE]);
    for (const words of annsWords) expect(JSON.stringify(data)).not.toContain(words);
  });

  it('starts a second run on a finished job, which finds nothing left to do', async () => {
    const again = await makeRequestErasure(deps())(admin(), 'c-ann');
    expect(again).toMatchObject({ outcome: 'restarted', job: { run: 2, status: 'requested' } });

    const result = await makeRunErasure(deps())(erasureId);

    expect(result).toMatchObject({ outcome: 'done', steps: 0, event: { run: 2 } });
    expect((await deps().jobs.get(erasureId))?.progress).toEqual({
      sentEmails: 2,
      suppressions: 1,
      timelineEvents: 4,
      tickets: 2,
      orders: 2,
    });
  });

  it('restarts a job whose worker stopped moving; the stalled run can no longer write', async () => {
    await orders.save('o-cy', facts('c-cy', 'cy@example.com', 'Cy'), at(0));
    await tickets.create(
      aTicket({ id: 't-cy', customerId: 'c-cy', customerEmail: 'cy@example.com', orderId: 'o-cy' }),
      [],
    );
    const request = makeRequestErasure(deps());
    const { job } = await request(admin(), 'c-cy');
    await expect(makeRunErasure(deps(crashingAfter(0)))(job.id)).rejects.toThrow('crash');
    expect(await request(admin(), 'c-cy')).toMatchObject({
      outcome: 'unchanged',
      job: { run: 1, status: 'running' },
    });

    clock.advance(ERASURE_LEASE_MS + 1);
    const restarted = await request(admin(), 'c-cy');

    expect(restarted).toMatchObject({ outcome: 'restarted', job: { run: 2, status: 'requested' } });
    const ticket = (await tickets.get('t-cy')) as Ticket;
    const stalled = new DynamoDbPersonalDataWriter(table.documentClient, table.tableName);
    await expect(
      stalled.eraseTicket(ticket, { ...ticket, description: TOMBSTONE }, clock.now().toISOString(), {
        erasureId: job.id,
        run: 1,
      }),
    ).rejects.toThrow(/no longer on run 1/);
    expect(((await tickets.get('t-cy')) as Ticket).description).toBe(ticket.description);
    expect(await makeRunErasure(deps())(job.id)).toMatchObject({ outcome: 'done', event: { run: 2 } });
    expect(((await tickets.get('t-cy')) as Ticket).customerEmail).toBe(TOMBSTONE);
  });
});

describe('an erasure racing other writers', () => {
  it('plans again when a ticket changed under it, and erases what arrived meanwhile', async () => {
    const eve = aTicket({
      id: 't-eve',
      customerId: 'c-eve',
      customerEmail: 'eve@example.com',
      description: 'Eve first',
    });
    await tickets.create(eve, [
      anEvent(eve, { id: 'e-eve-1', type: 'MessageAdded', data: { body: 'Eve first', internal: false } }),
    ]);
    const real = new DynamoDbPersonalDataWriter(table.documentClient, table.tableName);
    let raced = false;
    const racing: PersonalDataWriter = {
      eraseEvent: real.eraseEvent.bind(real),
      eraseOrder: real.eraseOrder.bind(real),
      forgetSentEmail: real.forgetSentEmail.bind(real),
      hashSuppression: real.hashSuppression.bind(real),
      eraseTicket: async (...args) => {
        if (!raced) {
          // Eve posts a message between the run's read of her ticket and its write.
          raced = true;
          const current = (await tickets.get('t-eve')) as Ticket;
          await tickets.update({ ...current, version: current.version + 1 }, current.version, [
            anEvent(current, {
              id: 'e-eve-2',
              at: at(9),
              type: 'MessageAdded',
              data: { body: 'Eve wrote late', internal: false },
            }),
          ]);
        }
        return real.eraseTicket(...args);
      },
    };
    const { job } = await makeRequestErasure(deps())(admin(), 'c-eve');

    const result = await makeRunErasure(deps(racing))(job.id);

    expect(result).toMatchObject({ outcome: 'done', steps: 3 });
    expect((await deps().jobs.get(job.id))?.progress).toMatchObject({ tickets: 1, timelineEvents: 2 });
    expect((await deps().jobs.get(job.id))?.plannedSteps).toBe(4);
    const timeline = await tickets.getWithTimeline('t-eve');
    expect(JSON.stringify(timeline)).not.toContain('Eve');
    expect(JSON.stringify(timeline)).not.toContain('eve@example.com');
  });
});

describe('retention', () => {
  it('erases a ticket closed longer than RETENTION_DAYS, and only that ticket', async () => {
    const old: Ticket = {
      ...aTicket(
        { id: 't-old', customerId: 'c-dee', customerEmail: 'dee@example.com', description: 'Dee wrote this' },
        { customerId: 'c-dee' },
      ),
      status: 'closed',
      closedAt: at(0),
    };
    const recent: Ticket = { ...old, id: 't-recent', closedAt: iso(clock.now(), -DAY) };
    const open: Ticket = { ...old, id: 't-open', status: 'open', closedAt: null };
    for (const ticket of [old, recent, open]) {
      await tickets.create(ticket, [
        anEvent(ticket, {
          id: `m-${ticket.id}`,
          type: 'MessageAdded',
          data: { body: 'Dee wrote this', internal: false },
        }),
      ]);
    }
    await sentLog.claim(`m-t-old#dee@example.com`, new Date(at(1)));
    await sentLog.markSent(`m-t-old#dee@example.com`, 'm-1', new Date(at(1)), {
      subject: 'x',
      kind: 'MessageAdded',
    });
    const erase = makeEraseExpiredTicket(deps(), { retentionDays: 20 });

    expect(await erase('t-old')).toEqual({ outcome: 'erased', steps: 3 });
    expect(await erase('t-old')).toEqual({ outcome: 'not-due' });
    expect(await erase('t-recent')).toEqual({ outcome: 'not-due' });
    expect(await erase('t-open')).toEqual({ outcome: 'not-due' });
    expect(await erase('t-missing')).toEqual({ outcome: 'not-found' });

    const timeline = await tickets.getWithTimeline('t-old');
    expect(timeline?.ticket).toMatchObject({
      customerEmail: TOMBSTONE,
      description: TOMBSTONE,
      status: 'closed',
    });
    expect(timeline?.events[0]?.data).toEqual({ body: TOMBSTONE, internal: false });
    expect((await tickets.get('t-recent'))?.description).toBe('Dee wrote this');
    expect(await deps().erased.isErased('c-dee')).toBe(false);
    const sent = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: privacyKeys.sentEmail('m-t-old#dee@example.com') }),
    );
    expect(sent.Item).toBeUndefined();
  });
});
