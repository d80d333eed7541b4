import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAfterSalesPolicyRepository } from '../../functions/after-sales/adapters/after-sales-policy.dynamodb.js';
import { defaultAfterSalesPolicy, shopFaultReasons } from '../../functions/after-sales/domain/policy.js';
import type { Reason } from '../../functions/kernel/ticket-kinds.js';
import { DynamoDbOrderRepository } from '../../functions/orders/adapters/order-repository.dynamodb.js';
import { putOrderRequestSchema } from '../../functions/orders/contracts/order.js';
import { linePaid, type Order } from '../../functions/orders/domain/order.js';
import { makePutOrder } from '../../functions/orders/use-cases/put-order.js';
import { DomainError, ValidationError } from '../../functions/shared/errors.js';
import type { Principal } from '../../functions/shared/principal.js';
import { makeRouteTicket } from '../../functions/staff/use-cases/route-ticket.js';
import { joined } from '../../functions/tickets/adapters/ticket-items.js';
import { DynamoDbTicketRepository } from '../../functions/tickets/adapters/ticket-repository.dynamodb.js';
import type { TicketEventEnvelope } from '../../functions/tickets/contracts/events.js';
import { actionRequestSchema, createTicketRequestSchema } from '../../functions/tickets/contracts/ticket.js';
import type { Ticket, TicketEvent } from '../../functions/tickets/domain/ticket.js';
import { makeApplySystemStep } from '../../functions/tickets/use-cases/apply-system-step.js';
import { makeCreateTicket } from '../../functions/tickets/use-cases/create-ticket.js';
import type { TicketDeps } from '../../functions/tickets/use-cases/deps.js';
import { makePerformAction } from '../../functions/tickets/use-cases/perform-action.js';
import { DynamoDbRefundHistory } from '../../functions/tickets/workflows/refund/adapters/refund-history.dynamodb.js';
import {
  type GatewayLookup,
  type PaymentGateway,
  PermanentGatewayError,
  type RefundPayment,
  TransientGatewayError,
} from '../../functions/tickets/workflows/refund/domain/ports.js';
import { makeProcessRefundEvent } from '../../functions/tickets/workflows/refund/use-cases/process-refund-event.js';
import { authorizeReturn } from '../../functions/tickets/workflows/return/domain/steps.js';
import { admin, agent, customer, supervisor, testClock } from '../fixtures/builders.js';
import { policySource } from '../fixtures/in-memory.js';
import { InMemoryClassifierRepository } from '../fixtures/in-memory-desk.js';
import { InMemoryRoutingRules } from '../fixtures/staff-in-memory.js';
import { type LocalTable, startLocalTable } from './support.js';

/**
 * Model-based property test of the money rules (issue 9): random sequences of order updates,
 * tickets of every goods type, staff steps, shipments and refund-worker deliveries with random
 * gateway outcomes, against DynamoDB Local through the real use cases and adapters. After every
 * step the order's ledger is read back and checked; at the end every unknown payment outcome is
 * reconciled and the gateway's money must equal the refunds issued.
 */

/** `MONEY_MODEL_RUNS` runs more sequences for a longer hunt (the default keeps `npm test` fast). */
const NUM_RUNS = Number(process.env.MONEY_MODEL_RUNS ?? 15);
const MAX_COMMANDS = 25;
const BASE = new Date('2026-12-01T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const SKUS = ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D'] as const;
const postageCaps = defaultAfterSalesPolicy.returnPostageCaps;

// The fake payment provider --------------------------------------------------------------------

type Outcome = 'paid' | 'transient' | 'permanent' | 'lost';

interface Payment {
  readonly id: string;
  readonly key: string;
  readonly ticketId: string;
  readonly amount: number;
  readonly currency: string;
}

/**
 * A provider that honours idempotency keys: a key pays at most once, a replay gets the same
 * payment back (or loses its answer again), a refused key stays refused. The outcome of the
 * next call is set by the command sequence.
 */
class FakeGateway implements PaymentGateway {
  next: Outcome = 'paid';
  calls = 0;
  readonly payments = new Map<string, Payment>();
  readonly refused = new Set<string>();
  /** Things a real provider would reject: a key replayed with another amount or ticket. */
  readonly misuse: string[] = [];

  async refund(payment: RefundPayment): Promise<{ gatewayRefundId: string }> {
    this.calls += 1;
    const outcome = this.next;
    const { idempotencyKey: key } = payment;
    const paid = this.payments.get(key);
    if (paid) {
      if (paid.amount !== payment.amount || paid.ticketId !== payment.reference) {
        this.misuse.push(
          `${key} replayed with ${payment.amount} for ${payment.reference}, paid ${paid.amount}`,
        );
      }
      if (outcome === 'transient' || outcome === 'lost') throw new TransientGatewayError('timed out');
      return { gatewayRefundId: paid.id };
    }
    if (this.refused.has(key)) throw new PermanentGatewayError('card account closed');
    switch (outcome) {
      case 'transient':
        throw new TransientGatewayError('HTTP 503');
      case 'permanent':
        this.refused.add(key);
        throw new PermanentGatewayError('card account closed');
      case 'paid':
      case 'lost': {
        const id = `pay-${this.payments.size + 1}`;
        this.payments.set(key, {
          id,
          key,
          ticketId: payment.reference,
          amount: payment.amount,
          currency: payment.currency,
        });
        if (outcome === 'lost') throw new TransientGatewayError('timed out (the answer was lost)');
        return { gatewayRefundId: id };
      }
    }
  }

  async lookup(key: string): Promise<GatewayLookup> {
    const paid = this.payments.get(key);
    return paid ? { state: 'paid', gatewayRefundId: paid.id } : { state: 'not_found' };
  }

  paidFor(ticketId: string): Payment[] {
    return [...this.payments.values()].filter((payment) => payment.ticketId === ticketId);
  }
}

// The system under test, one per sequence -------------------------------------------------------

let table: LocalTable;
let orders: DynamoDbOrderRepository;
let tickets: DynamoDbTicketRepository;
let afterSales: DynamoDbAfterSalesPolicyRepository;
let sequences = 0;
let steps = 0;

interface Real {
  readonly gateway: FakeGateway;
  readonly clock: ReturnType<typeof testClock>;
  readonly putOrder: ReturnType<typeof makePutOrder>;
  readonly createTicket: ReturnType<typeof makeCreateTicket>;
  readonly performAction: ReturnType<typeof makePerformAction>;
  readonly applyStep: ReturnType<typeof makeApplySystemStep>;
  readonly processRefundEvent: ReturnType<typeof makeProcessRefundEvent>;
}

interface ModelTicket {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
}

interface Model {
  readonly run: string;
  readonly orders: string[];
  readonly tickets: ModelTicket[];
  readonly trackingNumbers: string[];
  /** Tickets with a next step (as of the last check), for `advance`. */
  live: ModelTicket[];
  /** Outcomes seen, to quote what the sequences reached. */
  readonly seen: Map<string, number>;
}

function system(run: string): Real {
  const clock = testClock(BASE);
  let next = 0;
  const deps: TicketDeps = {
    tickets,
    orders,
    clock,
    newId: () => `${run}-${++next}`,
    policies: policySource(),
    afterSales,
    classifier: new InMemoryClassifierRepository(),
    settings: { autoCloseDays: 7 },
    routeTicket: makeRouteTicket({ rules: new InMemoryRoutingRules() }),
  };
  const gateway = new FakeGateway();
  const applyStep = makeApplySystemStep(deps);
  return {
    gateway,
    clock,
    putOrder: makePutOrder({ orders, clock }),
    createTicket: makeCreateTicket(deps),
    performAction: makePerformAction(deps),
    applyStep,
    processRefundEvent: makeProcessRefundEvent({
      tickets,
      orders,
      afterSales,
      history: new DynamoDbRefundHistory(table.documentClient, table.tableName),
      gateway,
      applyStep,
    }),
  };
}

const staff: Record<string, Principal> = {
  'agent-1': agent('agent-1'),
  'agent-2': agent('agent-2'),
  'sup-1': supervisor('sup-1'),
  'adm-1': admin('adm-1'),
};
type ActorName = 'customer' | keyof typeof staff;
const actorNames: readonly ActorName[] = ['customer', 'agent-1', 'agent-2', 'sup-1', 'adm-1'];

function principalOf(actor: ActorName, ticket: { customerId: string }): Principal {
  return actor === 'customer' ? customer(ticket.customerId) : (staff[actor] as Principal);
}

/** A refusal the API answers with 4xx (403, 404, 409, 422): the step is a no-op. */
function refused(error: unknown): boolean {
  return error instanceof DomainError && !(error instanceof ValidationError);
}

function count(model: Model, what: string): void {
  model.seen.set(what, (model.seen.get(what) ?? 0) + 1);
}

async function expectRefusal(model: Model, label: string, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    count(model, `${label}: ok`);
    return true;
  } catch (error) {
    if (!refused(error)) throw error;
    count(model, `${label}: ${(error as { code?: string }).code ?? (error as Error).name}`);
    return false;
  }
}

// Invariants -------------------------------------------------------------------------------

/** Every order and ticket of the sequence, read consistently (one query per order, one batch of tickets). */
async function snapshot(model: Model) {
  const [orderList, ticketItems] = await Promise.all([
    Promise.all(model.orders.map((id) => orders.get(id))),
    model.tickets.length === 0
      ? []
      : table.documentClient
          .send(
            new BatchGetCommand({
              RequestItems: {
                [table.tableName]: {
                  // The ticket item and its detail item (ADR 23), joined as the repository does.
                  Keys: model.tickets.flatMap((t) => [
                    { PK: `TICKET#${t.id}`, SK: 'TICKET' },
                    { PK: `TICKET#${t.id}`, SK: 'TICKET#DETAIL' },
                  ]),
                  ConsistentRead: true,
                },
              },
            }),
          )
          .then((result) => {
            const items = result.Responses?.[table.tableName] ?? [];
            return items
              .filter((item) => item.SK === 'TICKET')
              .map((core) =>
                joined(
                  core,
                  items.find((item) => item.PK === core.PK && item.SK === 'TICKET#DETAIL'),
                ),
              ) as unknown as Ticket[];
          }),
  ]);
  return { orders: orderList.filter((o): o is Order => o !== undefined), tickets: ticketItems };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const issued = (ticket: Ticket) => ticket.refund?.status === 'issued';

/** The order's ledger against what its tickets hold and were paid, read from DynamoDB. */
async function checkInvariants(model: Model, real: Real): Promise<void> {
  const { orders: orderList, tickets: ticketList } = await snapshot(model);
  expect(ticketList).toHaveLength(model.tickets.length);
  const done = new Set([
    'cancelled',
    'rejected',
    'resolved',
    'closed',
    'refunded',
    'replacement_shipped',
    'shipped_back',
  ]);
  model.live = model.tickets.filter(
    (t) => !done.has(ticketList.find((found) => found.id === t.id)?.status ?? ''),
  );
  for (const order of orderList) {
    const mine = ticketList.filter((ticket) => ticket.orderId === order.id);
    const open = mine.filter((ticket) => ticket.holds !== null);
    const paidOut = mine.filter(issued);
    const where = `order ${order.id}`;
    for (const line of order.items) {
      const held = sum(
        open.flatMap((t) => t.holds?.lines.filter((h) => h.sku === line.sku) ?? []).map((h) => h.quantity),
      );
      const refundedUnits = sum(
        paidOut.flatMap((t) => t.items.filter((i) => i.sku === line.sku)).map((i) => i.quantity),
      );
      expect(
        line.reservedQuantity + line.refundedQuantity,
        `${where} ${line.sku}: held + refunded ≤ bought`,
      ).toBeLessThanOrEqual(line.quantity);
      expect(
        line.refundedAmount,
        `${where} ${line.sku}: refunded money ≤ quantity × unitPrice − discount`,
      ).toBeLessThanOrEqual(linePaid(line));
      expect(line.reservedQuantity, `${where} ${line.sku}: reserved = units held by open tickets`).toBe(held);
      expect(line.refundedQuantity, `${where} ${line.sku}: refunded = units of issued refunds`).toBe(
        refundedUnits,
      );
    }
    for (const sku of new Set(open.flatMap((t) => t.holds?.lines.map((h) => h.sku) ?? []))) {
      expect(
        order.items.some((line) => line.sku === sku),
        `${where}: held line ${sku} exists`,
      ).toBe(true);
    }
    const openShipping = sum(open.map((t) => t.holds?.shipping ?? 0));
    expect(order.shippingRefunded, `${where}: shipping refunded ≤ fee`).toBeLessThanOrEqual(
      order.shippingFee,
    );
    expect(order.shippingCommitted, `${where}: shipping committed ≤ fee`).toBeLessThanOrEqual(
      order.shippingFee,
    );
    expect(order.shippingRefunded, `${where}: shipping refunded = issued shipping`).toBe(
      sum(paidOut.map((t) => t.refund?.shippingAmount ?? 0)),
    );
    expect(order.shippingCommitted, `${where}: shipping committed = held + refunded`).toBe(
      openShipping + order.shippingRefunded,
    );
    expect(order.postageReimbursed, `${where}: postage ≤ cap`).toBeLessThanOrEqual(
      postageCaps[order.currency] ?? 0,
    );
    expect(order.postageReimbursed, `${where}: postage = held + issued`).toBe(
      sum(open.map((t) => t.holds?.postage ?? 0)) + sum(paidOut.map((t) => t.refund?.postageAmount ?? 0)),
    );
    const itemsRefunded = sum(order.items.map((line) => line.refundedAmount));
    expect(itemsRefunded, `${where}: items refunded = issued items`).toBe(
      sum(paidOut.map((t) => t.refund?.itemsAmount ?? 0)),
    );
    expect(itemsRefunded + order.shippingRefunded, `${where}: refunded ≤ paid`).toBeLessThanOrEqual(
      sum(order.items.map(linePaid)) + order.shippingFee,
    );
    expect(order.approvedAmount, `${where}: approved ≥ 0`).toBeGreaterThanOrEqual(0);
    expect(order.approvedAmount, `${where}: approved = open approvals + issued`).toBe(
      sum(open.map((t) => t.holds?.approved ?? 0)) +
        sum(paidOut.map((t) => (t.refund?.itemsAmount ?? 0) + (t.refund?.shippingAmount ?? 0))),
    );
  }
  for (const ticket of ticketList) {
    const payments = real.gateway.paidFor(ticket.id);
    expect(payments.length, `ticket ${ticket.id}: paid under one key at most`).toBeLessThanOrEqual(1);
    if (issued(ticket)) {
      expect(sum(payments.map((p) => p.amount)), `ticket ${ticket.id}: issued = paid`).toBe(
        ticket.refund?.amount,
      );
    }
  }
  expect(real.gateway.misuse).toEqual([]);
}

/** Every unknown outcome is settled by paying retries (same key); then money paid = refunds issued. */
async function reconcile(model: Model, real: Real): Promise<void> {
  real.gateway.next = 'paid';
  for (let round = 0; round < 3; round++) {
    for (const { id } of model.tickets) {
      const ticket = await tickets.get(id);
      if (ticket?.status === 'refund_failed' && ticket.refund?.outcomeUnknown) {
        await real.performAction(staff['adm-1'] as Principal, id, { action: 'retry_refund' });
      }
      const now = await tickets.get(id);
      if (now?.status === 'refunding' && now.refund) {
        const event = await latest(id, 'RefundRequested');
        if (event) await real.processRefundEvent(event, { finalDelivery: true });
      }
    }
  }
  const { tickets: ticketList } = await snapshot(model);
  for (const ticket of ticketList) {
    expect(
      ticket.status === 'refunding' || (ticket.status === 'refund_failed' && ticket.refund?.outcomeUnknown),
      `ticket ${ticket.id} reconciled`,
    ).toBe(false);
    const paid = sum(real.gateway.paidFor(ticket.id).map((p) => p.amount));
    expect(paid, `ticket ${ticket.id} (${ticket.status}): gateway paid = refund issued`).toBe(
      issued(ticket) ? ticket.refund?.amount : 0,
    );
  }
  const paidTotal = sum([...real.gateway.payments.values()].map((p) => p.amount));
  expect(paidTotal).toBe(sum(ticketList.filter(issued).map((t) => t.refund?.amount ?? 0)));
}

function envelope(event: TicketEvent): TicketEventEnvelope {
  return { ...event, version: 1, actor: { ...event.actor }, data: { ...event.data } } as TicketEventEnvelope;
}

async function timeline(ticketId: string): Promise<TicketEvent[]> {
  return (await tickets.getWithTimeline(ticketId))?.events ?? [];
}

const attemptOf = (event: TicketEvent) => (event.type === 'RefundRequested' ? event.data.attempt : 0);

async function latest(ticketId: string, type: string): Promise<TicketEventEnvelope | undefined> {
  const events = (await timeline(ticketId)).filter((e) => e.type === type);
  // Payment requests: the current attempt's (events of one instant are ordered by id, not by attempt).
  const event =
    type === 'RefundRequested' ? events.sort((a, b) => attemptOf(a) - attemptOf(b)).at(-1) : events.at(-1);
  return event && envelope(event);
}

// Commands ---------------------------------------------------------------------------------

class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    private readonly label: string,
    private readonly needs: (model: Model) => boolean,
    private readonly act: (model: Model, real: Real) => Promise<void>,
  ) {}
  check(model: Readonly<Model>): boolean {
    return this.needs(model as Model);
  }
  async run(model: Model, real: Real): Promise<void> {
    steps += 1;
    real.clock.advance(60_000);
    await this.act(model, real);
    await checkInvariants(model, real);
  }
  toString(): string {
    return this.label;
  }
}

const hasOrder = (model: Model) => model.orders.length > 0;
const hasTicket = (model: Model) => model.tickets.length > 0;
const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;
/** The newest tickets get most of the steps, so that sequences go deep. */
const recent = <T>(list: readonly T[], back: number): T => list[list.length - 1 - (back % list.length)] as T;
const ticketIndex = fc.oneof(fc.nat({ max: 2 }), fc.nat({ max: 9 }));
const show = (value: unknown) => JSON.stringify(value);

const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 3 }),
  unitPrice: fc.oneof(fc.integer({ min: 100, max: 5_000 }), fc.integer({ min: 5_000, max: 60_000 })),
  /** Off the whole line: none, a share of the list price, or a fixed amount. */
  discount: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 100 }).map((pct) => -pct),
    fc.integer({ min: 1, max: 500 }),
  ),
  noReasonReturn: fc.boolean(),
  finalSale: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
});
type LineSpec = typeof lineArb extends fc.Arbitrary<infer T> ? T : never;

function lineFacts(sku: string, spec: LineSpec) {
  const list = spec.quantity * spec.unitPrice;
  const discount =
    spec.discount < 0 ? Math.floor((list * -spec.discount) / 100) : Math.min(spec.discount, list);
  return {
    sku,
    name: `Item ${sku}`,
    quantity: spec.quantity,
    unitPrice: spec.unitPrice,
    discount,
    category: 'general',
    noReasonReturn: spec.noReasonReturn,
    finalSale: spec.finalSale,
  };
}

const deliveryArb = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .integer({ min: 0, max: 20 })
      .map((days) => ({ shipped: true, deliveredDaysAgo: days as number | null })),
  },
  { weight: 1, arbitrary: fc.constant({ shipped: true, deliveredDaysAgo: null as number | null }) },
  { weight: 1, arbitrary: fc.constant({ shipped: false, deliveredDaysAgo: null as number | null }) },
);

const putOrderCommand = fc
  .record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
    shippingFee: fc.constantFrom(0, 800, 1500),
    delivery: deliveryArb,
  })
  .map(
    (spec) =>
      new Step(
        `putOrder(${show(spec)})`,
        (model) => model.orders.length < 3,
        async (model, real) => {
          const orderId = `${model.run}-o${model.orders.length + 1}`;
          const now = real.clock.now().getTime();
          const delivered = spec.delivery.deliveredDaysAgo;
          const facts = putOrderRequestSchema().parse({
            customerId: `${model.run}-c1`,
            customerEmail: 'c1@example.com',
            currency: 'CNY',
            placedAt: new Date(now - 30 * DAY).toISOString(),
            shippedAt: spec.delivery.shipped ? new Date(now - 25 * DAY).toISOString() : null,
            deliveredAt:
              delivered === null ? null : new Date(now - delivered * DAY - 3_600_000).toISOString(),
            shippingFee: spec.shippingFee,
            items: spec.lines.map((line, index) => lineFacts(SKUS[index] as string, line)),
          });
          const { created } = await real.putOrder(orderId, facts);
          expect(created).toBe(true);
          model.orders.push(orderId);
          count(model, 'putOrder');
        },
      ),
  );

const rePutCommand = fc
  .record({
    order: fc.nat(),
    lines: fc.array(
      fc.record({
        quantityDelta: fc.integer({ min: -2, max: 2 }),
        price: fc.option(fc.integer({ min: 100, max: 60_000 }), { freq: 4 }),
        discount: fc.option(fc.integer({ min: 0, max: 500 }), { freq: 4 }),
        remove: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      }),
      { minLength: 4, maxLength: 4 },
    ),
    addLine: fc.option(lineArb, { freq: 4 }),
    shippingFee: fc.option(fc.constantFrom(0, 500, 800, 1500, 3000), { freq: 2 }),
    otherCustomer: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    otherCurrency: fc.integer({ min: 0, max: 8 }).map((n) => n === 0),
  })
  .map(
    (spec) =>
      new Step(`rePutOrder(${show(spec)})`, hasOrder, async (model, real) => {
        const orderId = pick(model.orders, spec.order);
        const before = await orders.get(orderId);
        if (!before) throw new Error(`order ${orderId} vanished`);
        const items = before.items.flatMap((line, index) => {
          const change = spec.lines[index];
          if (!change || change.remove) return [];
          return [
            {
              sku: line.sku,
              name: line.name,
              quantity: Math.max(1, line.quantity + change.quantityDelta),
              unitPrice: change.price ?? line.unitPrice,
              discount: change.discount ?? line.discount,
              category: line.category,
              noReasonReturn: line.noReasonReturn,
              finalSale: line.finalSale,
            },
          ];
        });
        const free = SKUS.find((sku) => !before.items.some((line) => line.sku === sku));
        if (spec.addLine && free) items.push(lineFacts(free, spec.addLine));
        if (items.length === 0) return;
        const parsed = putOrderRequestSchema().safeParse({
          customerId: spec.otherCustomer ? `${model.run}-c2` : before.customerId,
          customerEmail: before.customerEmail,
          currency: spec.otherCurrency ? (before.currency === 'CNY' ? 'USD' : 'CNY') : before.currency,
          placedAt: before.placedAt,
          shippedAt: before.shippedAt,
          deliveredAt: before.deliveredAt,
          shippingFee: spec.shippingFee ?? before.shippingFee,
          items,
        });
        if (!parsed.success) return void count(model, 'rePutOrder: 400');
        const facts = parsed.data;
        // What the README promises: nothing held or refunded moves.
        const committed = (line: Order['items'][number]) => line.reservedQuantity + line.refundedQuantity;
        const anyCommitment =
          before.shippingCommitted > 0 ||
          before.shippingRefunded > 0 ||
          before.approvedAmount > 0 ||
          before.postageReimbursed > 0 ||
          before.items.some((line) => committed(line) > 0 || line.refundedAmount > 0);
        const mustRefuse =
          before.items.some((old) => {
            if (committed(old) === 0) return false;
            const next = facts.items.find((line) => line.sku === old.sku);
            return (
              !next ||
              next.quantity < committed(old) ||
              (old.discount > 0 && next.quantity < old.quantity) ||
              next.unitPrice !== old.unitPrice ||
              next.discount !== old.discount
            );
          }) ||
          facts.shippingFee < before.shippingCommitted ||
          (facts.currency !== before.currency && anyCommitment) ||
          (facts.customerId !== before.customerId && (before.ticketCount > 0 || anyCommitment));
        let error: unknown;
        try {
          await real.putOrder(orderId, facts);
        } catch (caught) {
          error = caught;
        }
        const after = await orders.get(orderId);
        if (mustRefuse) {
          expect(error, 'an update below what is held or refunded is refused').toMatchObject({
            code: 'ORDER_LINE_COMMITTED',
          });
          expect(after, 'a refused update leaves the order unchanged').toEqual(before);
          count(model, 'rePutOrder: refused');
          return;
        }
        if (error) throw error;
        if (!after) throw new Error(`order ${orderId} vanished`);
        expect(after.customerId).toBe(facts.customerId);
        expect(after.currency).toBe(facts.currency);
        expect(after.shippingFee).toBe(facts.shippingFee);
        expect(
          after.items.map(({ sku, quantity, unitPrice, discount }) => ({
            sku,
            quantity,
            unitPrice,
            discount,
          })),
        ).toEqual(
          facts.items.map(({ sku, quantity, unitPrice, discount }) => ({
            sku,
            quantity,
            unitPrice,
            discount,
          })),
        );
        // The counters are the tickets': an update never writes them.
        for (const field of [
          'shippingCommitted',
          'shippingRefunded',
          'approvedAmount',
          'postageReimbursed',
          'ticketCount',
        ] as const) {
          expect(after[field], field).toBe(before[field]);
        }
        for (const line of after.items) {
          const old = before.items.find((candidate) => candidate.sku === line.sku);
          expect(line.reservedQuantity).toBe(old?.reservedQuantity ?? 0);
          expect(line.refundedQuantity).toBe(old?.refundedQuantity ?? 0);
          expect(line.refundedAmount).toBe(old?.refundedAmount ?? 0);
        }
        count(model, 'rePutOrder: ok');
      }),
  );

const goodsReasons: readonly Reason[] = [
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
  'missing_item',
  'late_delivery',
  'size_or_fit',
  'no_longer_needed',
  'other',
  'not_shipped',
  'not_received',
];

const openCommand = fc
  .record({
    order: fc.nat(),
    type: fc.constantFrom('refund', 'refund', 'return', 'return', 'exchange', 'repair'),
    reason: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...shopFaultReasons) },
      { weight: 1, arbitrary: fc.constantFrom(...goodsReasons) },
    ),
    /** Line positions (modulo the order's lines); 19 names an item the order does not have. */
    items: fc.array(
      fc.record({
        line: fc.nat({ max: 19 }),
        quantity: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 3 })),
      }),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
    openedBy: fc.constantFrom<ActorName>('customer', 'customer', 'agent-1', 'agent-2'),
    returnMethod: fc.constantFrom('dropoff', 'pickup', undefined),
  })
  .map(
    (spec) =>
      new Step(`open(${show(spec)})`, hasOrder, async (model, real) => {
        const orderId = pick(model.orders, spec.order);
        const order = await orders.get(orderId);
        if (!order) throw new Error(`order ${orderId} vanished`);
        const shipsBack = spec.type === 'return' || spec.type === 'exchange';
        const request = createTicketRequestSchema().parse({
          type: spec.type,
          orderId,
          items: [
            ...new Map(
              spec.items.map((item) => {
                const sku =
                  item.line === 19 ? 'SKU-X' : (order.items[item.line % order.items.length]?.sku ?? 'SKU-X');
                return [sku, { sku, quantity: item.quantity }] as const;
              }),
            ).values(),
          ],
          reason: spec.reason,
          description: 'model',
          ...(shipsBack && spec.returnMethod ? { returnMethod: spec.returnMethod } : {}),
          ...(shipsBack && spec.returnMethod === 'pickup'
            ? {
                pickup: {
                  address: '1 Road',
                  window: { from: '2026-12-02T09:00:00Z', to: '2026-12-02T12:00:00Z' },
                },
              }
            : {}),
        });
        const principal = principalOf(spec.openedBy, { customerId: order.customerId });
        try {
          const view = await real.createTicket(principal, request);
          model.tickets.push({ id: view.id, orderId, customerId: order.customerId });
          count(model, `open ${spec.type}: ok`);
        } catch (error) {
          if (!refused(error)) throw error;
          count(model, `open ${spec.type}: ${(error as { code?: string }).code}`);
        }
      }),
  );

const staffActions = [
  'approve',
  'approve',
  'approve',
  'reject',
  'cancel',
  'receive',
  'inspect',
  'ship_replacement',
  'start_repair',
  'complete_repair',
  'ship_back',
  'retry_refund',
  'resolve',
  'reopen',
  'close',
] as const;

const actionCommand = fc
  .record({
    ticket: ticketIndex,
    action: fc.constantFrom(...staffActions),
    actor: fc.constantFrom(...actorNames),
    accepted: fc.boolean(),
    parcel: fc.nat({ max: 999 }),
  })
  .map(
    (spec) =>
      new Step(`action(${show(spec)})`, hasTicket, async (model, real) => {
        const ticket = recent(model.tickets, spec.ticket);
        const body: Record<string, unknown> = { action: spec.action };
        if (spec.action === 'reject') body.reason = 'Not covered.';
        if (spec.action === 'inspect') body.result = spec.accepted ? 'accepted' : 'rejected';
        if (spec.action === 'ship_replacement' || spec.action === 'ship_back') {
          body.carrier = 'sf';
          body.trackingNumber = `OUT${model.run}${spec.parcel}`.replace(/[^A-Za-z0-9-]/g, '');
        }
        const request = actionRequestSchema().parse(body);
        await expectRefusal(model, spec.action, () =>
          real.performAction(principalOf(spec.actor, ticket), ticket.id, request),
        );
      }),
  );

const shipCommand = fc
  .record({
    ticket: ticketIndex,
    asCustomer: fc.boolean(),
    postage: fc.option(fc.integer({ min: 0, max: 5_000 }), { freq: 4 }),
    reuse: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    parcel: fc.nat(),
  })
  .map(
    (spec) =>
      new Step(`ship(${show(spec)})`, hasTicket, async (model, real) => {
        const ticket = recent(model.tickets, spec.ticket);
        const trackingNumber =
          spec.reuse && model.trackingNumbers.length > 0
            ? pick(model.trackingNumbers, spec.parcel)
            : `RET${model.run}N${model.trackingNumbers.length}`.replace(/[^A-Za-z0-9-]/g, '');
        const request = actionRequestSchema().parse({
          action: 'ship',
          carrier: 'sf',
          trackingNumber,
          ...(spec.postage === null ? {} : { postage: spec.postage }),
        });
        const shipped = await expectRefusal(model, 'ship', () =>
          real.performAction(
            principalOf(spec.asCustomer ? 'customer' : 'agent-1', ticket),
            ticket.id,
            request,
          ),
        );
        if (shipped && !model.trackingNumbers.includes(trackingNumber))
          model.trackingNumbers.push(trackingNumber);
      }),
  );

/** The returns worker: an approved return, exchange or repair may ship (drop-off or a booked pickup). */
async function authorizeReturnOf(model: Model, real: Real, id: string): Promise<void> {
  const moved = await real.applyStep(id, (ticket, now) => {
    if (ticket.status !== 'approved' || !['return', 'exchange', 'repair'].includes(ticket.type)) return null;
    const booking =
      ticket.returnMethod === 'pickup' && ticket.pickup
        ? { carrier: 'sf', bookingId: `bk-${ticket.id}`, window: ticket.pickup.window }
        : null;
    return authorizeReturn(ticket, booking, now);
  });
  count(model, moved ? 'authorize: ok' : 'authorize: nothing');
}

const authorizeCommand = fc
  .record({ ticket: ticketIndex })
  .map(
    (spec) =>
      new Step(`authorize(${show(spec)})`, hasTicket, (model, real) =>
        authorizeReturnOf(model, real, recent(model.tickets, spec.ticket).id),
      ),
  );

type Delivery = 'created' | 'start' | 'pay' | 'all';
const workerTypes: Record<Delivery, readonly string[]> = {
  created: ['TicketCreated'],
  start: ['TicketApproved', 'InspectionCompleted'],
  pay: ['RefundRequested'],
  all: ['TicketCreated', 'TicketApproved', 'InspectionCompleted', 'RefundRequested'],
};

/**
 * The refunds worker, fed the events the ticket's timeline holds (no queue): the latest of a kind
 * (or an older one, as a redelivery), or all of them in order.
 */
const workerCommand = fc
  .record({
    ticket: ticketIndex,
    deliver: fc.constantFrom<Delivery>('created', 'start', 'pay', 'pay', 'all', 'all'),
    older: fc.oneof(fc.constant(0), fc.nat({ max: 3 })),
    outcome: fc.constantFrom<Outcome>('paid', 'paid', 'transient', 'permanent', 'lost', 'lost'),
    finalDelivery: fc.boolean(),
  })
  .map(
    (spec) =>
      new Step(`worker(${show(spec)})`, hasTicket, async (model, real) => {
        const { id } = recent(model.tickets, spec.ticket);
        const events = (await timeline(id)).filter((event) => workerTypes[spec.deliver].includes(event.type));
        const chosen =
          spec.deliver === 'all'
            ? events
            : events.slice(-1 - spec.older, events.length - spec.older).slice(0, 1);
        real.gateway.next = spec.outcome;
        for (const event of chosen) {
          try {
            const result = await real.processRefundEvent(envelope(event), {
              finalDelivery: spec.finalDelivery,
            });
            count(model, `worker ${event.type}: ${result}`);
          } catch (error) {
            // The queue redelivers: a gateway that did not answer before the last delivery.
            if (!(error instanceof TransientGatewayError) || spec.finalDelivery) throw error;
            count(model, `worker ${event.type}: redelivery`);
          }
        }
      }),
  );

/**
 * The next step of the ticket's happy path for its status, with random parameters (approver,
 * inspection result, gateway outcome, final delivery or not): it makes sequences reach payments.
 */
const moveArb = fc.record({
  approver: fc.constantFrom<ActorName>('agent-1', 'agent-2', 'sup-1', 'adm-1'),
  accepted: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  outcome: fc.constantFrom<Outcome>('paid', 'paid', 'transient', 'permanent', 'lost', 'lost'),
  finalDelivery: fc.boolean(),
  resolve: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  postage: fc.option(fc.integer({ min: 0, max: 3_000 }), { freq: 3 }),
});
type Move = typeof moveArb extends fc.Arbitrary<infer T> ? T : never;

/** One step of the ticket's happy path for its status. */
async function advanceOnce(model: Model, real: Real, known: ModelTicket, move: Move): Promise<void> {
  real.clock.advance(1_000);
  const ticket = await tickets.get(known.id);
  if (!ticket) throw new Error(`ticket ${known.id} vanished`);
  const as = (actor: ActorName, body: Record<string, unknown>) =>
    expectRefusal(model, `advance ${body.action}`, () =>
      real.performAction(principalOf(actor, known), known.id, actionRequestSchema().parse(body)),
    );
  const deliver = async (type: string) => {
    const event = await latest(known.id, type);
    if (!event) return;
    real.gateway.next = move.outcome;
    try {
      count(
        model,
        `advance ${type}: ${await real.processRefundEvent(event, { finalDelivery: move.finalDelivery })}`,
      );
    } catch (error) {
      if (!(error instanceof TransientGatewayError) || move.finalDelivery) throw error;
      count(model, `advance ${type}: redelivery`);
    }
  };
  switch (ticket.status) {
    case 'requested':
      await as(move.approver, { action: 'approve' });
      break;
    case 'approved':
      if (ticket.type === 'refund') await deliver('TicketApproved');
      else await authorizeReturnOf(model, real, known.id);
      break;
    case 'awaiting_shipment': {
      const trackingNumber = `RET${model.run}N${model.trackingNumbers.length}`.replace(/[^A-Za-z0-9-]/g, '');
      const body = {
        action: 'ship',
        carrier: 'sf',
        trackingNumber,
        postage: move.postage ?? undefined,
      };
      if (await as('customer', body)) model.trackingNumbers.push(trackingNumber);
      break;
    }
    case 'in_transit':
      await as(move.approver, { action: 'receive' });
      break;
    case 'received':
      await as(
        move.approver,
        ticket.type === 'repair'
          ? { action: 'start_repair' }
          : { action: 'inspect', result: move.accepted ? 'accepted' : 'rejected' },
      );
      break;
    case 'repairing':
      await as(move.approver, { action: 'complete_repair' });
      break;
    case 'repaired':
    case 'inspected': {
      if (ticket.type === 'return') {
        await deliver('InspectionCompleted');
        break;
      }
      const action = ticket.status === 'repaired' ? 'ship_back' : 'ship_replacement';
      await as(move.approver, {
        action,
        carrier: 'sf',
        trackingNumber: `OUT${known.id}`.replace(/[^A-Za-z0-9-]/g, ''),
      });
      break;
    }
    case 'refunding':
      await deliver('RefundRequested');
      break;
    case 'refund_failed':
      await as(move.approver, { action: move.resolve ? 'resolve' : 'retry_refund' });
      break;
    default:
      count(model, `advance: ${ticket.status}`);
  }
}

/**
 * The next steps of a ticket's happy path for its status, with random parameters (approver,
 * inspection result, gateway outcome, final delivery or not), invariants checked after each:
 * it makes sequences reach payments, failures and retries.
 */
const advanceCommand = fc
  .record({ ticket: ticketIndex, moves: fc.array(moveArb, { minLength: 1, maxLength: 6 }) })
  .map(
    (spec) =>
      new Step(
        `advance(${show(spec)})`,
        (model) => model.live.length > 0,
        async (model, real) => {
          const known = recent(model.live, spec.ticket);
          for (const [index, move] of spec.moves.entries()) {
            if (index > 0) await checkInvariants(model, real);
            await advanceOnce(model, real, known, move);
          }
        },
      ),
  );

const commands = [
  advanceCommand,
  advanceCommand,
  advanceCommand,
  advanceCommand,
  putOrderCommand,
  putOrderCommand,
  rePutCommand,
  openCommand,
  openCommand,
  openCommand,
  actionCommand,
  actionCommand,
  actionCommand,
  shipCommand,
  authorizeCommand,
  workerCommand,
  workerCommand,
  workerCommand,
];

// The property -------------------------------------------------------------------------------

beforeAll(async () => {
  table = await startLocalTable();
  orders = new DynamoDbOrderRepository(table.documentClient, table.tableName);
  tickets = new DynamoDbTicketRepository(table.documentClient, table.tableName);
  afterSales = new DynamoDbAfterSalesPolicyRepository(table.documentClient, table.tableName);
});
afterAll(async () => table?.stop());

describe('money model (DynamoDB Local)', () => {
  it('keeps every order ledger bounded and pays exactly the refunds issued, under random sequences', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        putOrderCommand,
        openCommand,
        openCommand,
        fc.commands(commands, { maxCommands: MAX_COMMANDS - 3, size: 'max' }),
        async (first, second, third, cmds) => {
          sequences += 1;
          const run = `m${sequences}`;
          const model: Model = { run, orders: [], tickets: [], trackingNumbers: [], live: [], seen };
          const real = system(run);
          // Every sequence starts with an order, so that its other steps have something to act on.
          await fc.asyncModelRun(() => ({ model, real }), [first, second, third, ...cmds]);
          await reconcile(model, real);
          await checkInvariants(model, real);
        },
      ),
      { numRuns: NUM_RUNS },
    );
    console.log(
      `money model: ${sequences} sequences, ${steps} steps; outcomes ${show(Object.fromEntries([...seen].sort()))}`,
    );
  }, 120_000);
});
