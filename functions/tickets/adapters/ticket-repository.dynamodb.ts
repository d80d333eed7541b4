import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { orderKeys } from '../../orders/adapters/order-keys.js';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { queryPages } from '../../shared/query-pages.js';
import { tableDefinition } from '../../shared/table-catalog.js';
import {
  dequeueItem,
  enqueueItem,
  releaseLoadItem,
  takeLoadItem,
} from '../../staff/adapters/assignment-items.dynamodb.js';
import type { ApprovalChange, OrderChanges, PostageChange } from '../domain/order-changes.js';
import {
  countsAsLoad,
  stillWaiting,
  type Ticket,
  type TicketEvent,
  type WaitingEntry,
} from '../domain/ticket.js';
import type { TicketQuota } from '../domain/ticket-quota.js';
import {
  type OnceClaim,
  type TicketChange,
  type TicketQuery,
  type TicketRepository,
  type TrackingClaim,
  trackingClaimKey,
} from '../domain/ticket-repository.js';
import { deadlineOf, type TicketSearch, type TicketSummaryPage } from '../domain/ticket-views.js';
import { ticketNextDueAt } from '../domain/timers.js';
import { summaryOfItem, ticketIndexKeys } from './ticket-indexes.js';
import { detailOf, joined, slaPlanFields, ticketDetailFields } from './ticket-items.js';
import { DynamoDbTicketSearch } from './ticket-search.dynamodb.js';

const ticketKeys = {
  partition: (ticketId: string) => `TICKET#${ticketId}`,
  ticket: (ticketId: string) => ({ PK: `TICKET#${ticketId}`, SK: 'TICKET' }),
  /** The ticket's detail item: what a change seldom moves (ADR 23). Its SK begins like the ticket's, so one Query reads both. */
  detail: (ticketId: string) => ({ PK: `TICKET#${ticketId}`, SK: 'TICKET#DETAIL' }),
  event: (event: TicketEvent, sequence: number) => ({
    PK: `TICKET#${event.ticketId}`,
    SK: `EVENT#${event.at}#${String(sequence).padStart(3, '0')}#${event.id}`,
  }),
  /** Marks an event written once (OnceClaim); the timeline reads only `TicketEvent` items. */
  once: (ticketId: string, eventId: string) => ({ PK: `TICKET#${ticketId}`, SK: `ONCE#${eventId}` }),
  customer: (customerId: string) => `CUSTOMER#${customerId}`,
};

/**
 * The customer index (GSI1) range of a customer's tickets created at or after `since`: its sort
 * key is `TICKET#<createdAt>#<id>` (their orders, `ORDER#…`, sort below).
 */
export function customerTicketsSince(customerId: string, since: Date) {
  return {
    partition: ticketKeys.customer(customerId),
    from: `TICKET#${since.toISOString()}`,
    to: 'TICKET#\uffff',
  };
}

/** The due-timer shard of a ticket: a stable hash of its id (FNV-1a; stored timers keep theirs). */
export function dueTimerShard(ticketId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < ticketId.length; i++) hash = Math.imul(hash ^ ticketId.charCodeAt(i), 16777619);
  return (hash >>> 0) % tableDefinition.dueTimerShards;
}

export function dueTimerPartition(ticketId: string): string {
  return `DUE#${dueTimerShard(ticketId)}`;
}

/** DynamoDB's limit of items in one TransactWriteItems. */
const maxTransactionItems = 100;

const ticketFields = [
  'id',
  'type',
  'status',
  'priority',
  'customerId',
  'customerTier',
  'team',
  'autoCloseAt',
  'customerEmail',
  'locale',
  'orderId',
  'channel',
  'reason',
  'subject',
  'description',
  'items',
  'currency',
  'returnMethod',
  'pickup',
  'refund',
  'holds',
  'returnShipment',
  'pickupBooking',
  'inspection',
  'outboundShipment',
  'openedBy',
  'approvalNeeds',
  'platformTimer',
  'appealedAt',
  'watch',
  'rejectionReason',
  'assigneeId',
  'escalationLevel',
  'resumeStatus',
  'sla',
  'version',
  'createdAt',
  'updatedAt',
  'resolvedAt',
  'closedAt',
] as const satisfies readonly (keyof Ticket)[];

/** JSON with every object's keys sorted: the same detail gives the same text however it was built or read. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function detailDigest(ticket: Ticket): string {
  return createHash('sha256')
    .update(canonical(detailOf(ticket)))
    .digest('base64url');
}

/**
 * The ticket item: every field but the detail's, the SLA state without its plan, the index keys,
 * and `detailVersion`, the version at which its detail item was written (the detail carries the
 * same number: a read that sees two different numbers raced a write and reads again).
 */
function toItem(ticket: Ticket, detailVersion: number): Record<string, unknown> {
  const deadline = deadlineOf(ticket);
  const nextDueAt = ticketNextDueAt(ticket);
  const core: Record<string, unknown> = { ...ticket };
  for (const field of ticketDetailFields) delete core[field];
  const sla: Record<string, unknown> = { ...ticket.sla };
  for (const field of slaPlanFields) delete sla[field];
  return {
    ...ticketKeys.ticket(ticket.id),
    entityType: 'Ticket',
    ...core,
    sla,
    detailVersion,
    GSI1PK: ticketKeys.customer(ticket.customerId),
    GSI1SK: `TICKET#${ticket.createdAt}#${ticket.id}`,
    ...ticketIndexKeys(ticket),
    ...(deadline ? { slaDueAt: deadline.dueAt, slaWarnAt: deadline.warnAt } : {}),
    ...(nextDueAt ? { GSI4PK: dueTimerPartition(ticket.id), GSI4SK: `${nextDueAt}#${ticket.id}` } : {}),
  };
}

function detailItem(ticket: Ticket): Record<string, unknown> {
  return {
    ...ticketKeys.detail(ticket.id),
    entityType: 'TicketDetail',
    version: ticket.version,
    ...detailOf(ticket),
  };
}

/** What this container last read or wrote of a ticket: the version and the digest of its detail at that version. */
interface SeenDetail {
  readonly version: number;
  readonly detailVersion: number;
  readonly digest: string;
}

/** How many tickets' detail digests a repository remembers (the oldest is forgotten first). */
const seenDetails = 1000;

/**
 * The customer's counter for the hour (`QUOTA#<customerId>` / `TICKETS#<hour>`), counted in the
 * ticket's own transaction: a ticket that is not written is not counted, and the (max+1)th of
 * the hour writes nothing. The item expires (TTL) a day after its hour.
 */
function quotaItem(tableName: string, quota: TicketQuota): Guarded {
  return {
    onConditionFailed: () => new ConflictError("The hour's tickets are used up.", 'TICKET_QUOTA_USED'),
    item: {
      Update: {
        TableName: tableName,
        Key: { PK: `QUOTA#${quota.customerId}`, SK: `TICKETS#${quota.hour}` },
        UpdateExpression: 'SET entityType = :type, expiration = :expiration ADD opened :one',
        ConditionExpression: 'attribute_not_exists(opened) OR opened < :max',
        ExpressionAttributeValues: {
          ':type': 'TicketQuota',
          ':expiration': Math.floor(quota.endsAt.getTime() / 1000) + 24 * 60 * 60,
          ':one': 1,
          ':max': quota.max,
        },
      },
    },
  };
}

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** One write of a ticket's transaction and the error its failed condition means. */
interface Guarded {
  readonly item: TransactItem;
  readonly onConditionFailed: () => Error;
}

const claimRaced = () =>
  new BusinessRuleError(
    'EXCEEDS_REFUNDABLE',
    'Other tickets hold or have refunded these units (or this money) in the meantime.',
  );
const orderRaced = () =>
  new ConflictError('The order changed while this change was being decided; retry.', 'CONCURRENT_UPDATE');

/**
 * The order-side half of a ticket change. Conditions cannot add, so each compares the stored
 * counter with the largest value that still leaves room for this change. Every change to the
 * order's header (shipping, approved money, postage, ticket count) is ONE update: a transaction
 * may touch an item once.
 */
function orderChangeItems(tableName: string, changes: OrderChanges): Guarded[] {
  const lines = changes.lines.map((change): Guarded => {
    const Key = orderKeys.line(changes.orderId, change.sku);
    switch (change.kind) {
      case 'reserve':
        return {
          onConditionFailed: claimRaced,
          item: {
            Update: {
              TableName: tableName,
              Key,
              UpdateExpression:
                'SET reservedQuantity = reservedQuantity + :q, committedQuantity = committedQuantity + :q',
              ConditionExpression:
                'quantity = :purchased AND committedQuantity <= :room AND unitPrice = :unitPrice AND ' +
                '(discount = :discount OR (attribute_not_exists(discount) AND :discount = :zero))',
              ExpressionAttributeValues: {
                ':q': change.quantity,
                ':purchased': change.purchased,
                ':room': change.purchased - change.quantity,
                ':unitPrice': change.unitPrice,
                ':discount': change.discount,
                ':zero': 0,
              },
            },
          },
        };
      case 'release':
        return {
          onConditionFailed: claimRaced,
          item: {
            Update: {
              TableName: tableName,
              Key,
              UpdateExpression:
                'SET reservedQuantity = reservedQuantity - :q, committedQuantity = committedQuantity - :q',
              ConditionExpression: 'reservedQuantity >= :q',
              ExpressionAttributeValues: { ':q': change.quantity },
            },
          },
        };
      case 'settle':
        return {
          onConditionFailed: claimRaced,
          item: {
            Update: {
              TableName: tableName,
              Key,
              UpdateExpression:
                'SET reservedQuantity = reservedQuantity - :q, refundedQuantity = refundedQuantity + :q, refundedAmount = refundedAmount + :amount',
              ConditionExpression: 'reservedQuantity >= :q AND refundedAmount <= :room',
              ExpressionAttributeValues: {
                ':q': change.quantity,
                ':amount': change.amount,
                ':room': change.paid - change.amount,
              },
            },
          },
        };
    }
    throw new Error('Unknown order line change');
  });
  const header = headerUpdate(changes);
  if (!header) return lines;
  return [
    ...lines,
    {
      onConditionFailed: header.onConditionFailed,
      item: {
        Update: {
          TableName: tableName,
          Key: orderKeys.header(changes.orderId),
          UpdateExpression: `SET ${header.set.join(', ')}`,
          ConditionExpression: header.conditions.map((condition) => `(${condition})`).join(' AND '),
          ExpressionAttributeValues: header.values,
        },
      },
    },
  ];
}

/** The header's counters: a missing counter (an order stored before it existed) counts as 0. */
function headerUpdate(changes: OrderChanges) {
  const set: string[] = [];
  const conditions: string[] = ['attribute_exists(PK)'];
  const values: Record<string, unknown> = {};
  let onConditionFailed: () => Error = orderRaced;
  const counter = (name: string) => {
    values[':zero'] = 0;
    return `if_not_exists(${name}, :zero)`;
  };
  const { shipping, approval, postage, opened } = changes;
  if (shipping) {
    onConditionFailed = claimRaced;
    values[':shipping'] = shipping.amount;
    if (shipping.kind === 'reserve') {
      set.push(`shippingCommitted = ${counter('shippingCommitted')} + :shipping`);
      // Room for this much on the fee as judged: a fee raised after a shipping refund leaves the difference.
      conditions.push(
        'attribute_not_exists(shippingCommitted) OR shippingCommitted <= :shippingRoom',
        'shippingFee = :shippingFee',
      );
      values[':shippingRoom'] = shipping.shippingFee - shipping.amount;
      values[':shippingFee'] = shipping.shippingFee;
    } else if (shipping.kind === 'release') {
      set.push('shippingCommitted = shippingCommitted - :shipping');
      conditions.push('shippingCommitted >= :shipping');
    } else {
      set.push(`shippingRefunded = ${counter('shippingRefunded')} + :shipping`);
      conditions.push('attribute_not_exists(shippingRefunded) OR shippingRefunded <= :shippingRoom');
      values[':shippingRoom'] = shipping.shippingFee - shipping.amount;
    }
  }
  // Money counted against a ceiling: approved refunds (the approver's ceiling), postage (the cap).
  const capped = (name: string, key: string, change: ApprovalChange | PostageChange | undefined) => {
    if (!change) return;
    values[`:${key}`] = change.amount;
    if (change.kind === 'release') {
      set.push(`${name} = ${name} - :${key}`);
      conditions.push(`${name} >= :${key}`);
      return;
    }
    set.push(`${name} = ${counter(name)} + :${key}`);
    conditions.push(`attribute_not_exists(${name}) OR ${name} <= :${key}Room`);
    values[`:${key}Room`] = (change.kind === 'approve' ? change.ceiling : change.cap) - change.amount;
  };
  capped('approvedAmount', 'approved', approval);
  capped('postageReimbursed', 'postage', postage);
  if (opened) {
    set.push(`ticketCount = ${counter('ticketCount')} + :one`);
    conditions.push('customerId = :customerId');
    values[':one'] = 1;
    values[':customerId'] = opened.customerId;
  }
  return set.length > 0 ? { set, conditions, values, onConditionFailed } : undefined;
}

/** The desk-wide claim of a return parcel's tracking number (per carrier). */
export function trackingKey(tracking: { carrier: string; trackingNumber: string }) {
  return { PK: `TRACKING#${trackingClaimKey(tracking)}`, SK: 'TRACKING' };
}

function fromItem(item: Record<string, unknown>): Ticket {
  const ticket: Record<string, unknown> = {};
  for (const field of ticketFields) ticket[field] = item[field] ?? null;
  // Optional: only a rated ticket has it, so unrated tickets read back exactly as written.
  if (item.satisfaction) ticket.satisfaction = item.satisfaction;
  // Only resolved tickets carry the survey timer; tickets stored before it have none.
  if (item.survey !== undefined) ticket.survey = item.survey;
  // Tickets opened before the classifier have none.
  if (item.classification) ticket.classification = item.classification;
  // Only on tickets that ended (the retention timer).
  if (item.retentionDueAt !== undefined) ticket.retentionDueAt = item.retentionDueAt;
  // Only a merged ticket has the link.
  if (item.mergedInto) ticket.mergedInto = item.mergedInto;
  // Tags: a list on the item (the staff list's tag filter reads it); none before tags existed.
  if (Array.isArray(item.tags)) ticket.tags = item.tags;
  // Assignment state: only on tickets that were (auto-)assigned or queued.
  for (const field of ['loadHolder', 'waiting', 'lastAssigneeId'] as const)
    if (item[field] !== undefined) ticket[field] = item[field];
  return ticket as unknown as Ticket;
}

function eventItem(event: TicketEvent, sequence: number): Record<string, unknown> {
  return { ...ticketKeys.event(event, sequence), entityType: 'TicketEvent', ...event };
}

function eventPut(tableName: string, event: TicketEvent, sequence: number): Guarded {
  return {
    item: {
      Put: {
        TableName: tableName,
        Item: eventItem(event, sequence),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    onConditionFailed: () => new Error(`Event ${event.id} exists`),
  };
}

function fromEventItem(item: Record<string, unknown>): TicketEvent {
  const { id, ticketId, ticketType, type, at, actor, visibility, data } = item as unknown as TicketEvent;
  return { id, ticketId, ticketType, type, at, actor, visibility, data } as TicketEvent;
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API handed out.' }]);
}

/** How an assigner's write differs from any other: it must find room and the queue entry. */
interface AssignmentMode {
  /** The new assignee's load must stay under capacity, and they must be an available agent. */
  readonly enforceCapacity: boolean;
  /** The ticket joins this queue entry (an entry it had elsewhere is deleted). */
  readonly enqueue?: WaitingEntry;
}

/**
 * The staff items of a ticket's transaction, derived from the ticket itself: when whose load
 * counts it changes (assigned, reassigned, resolved, closed, cancelled, reopened) the old holder's
 * counter goes down and the new one's up; a queue entry it no longer stands in (assigned, moved
 * to another team, no longer open) is deleted. So every write of a ticket keeps the counters
 * equal to each member's open assigned tickets, with no write of its own.
 */
function staffEffects(
  tableName: string,
  ticket: Ticket,
  mode: AssignmentMode = { enforceCapacity: false },
): { stored: Ticket; guarded: Guarded[] } {
  const guarded: Guarded[] = [];
  const holder = countsAsLoad(ticket);
  const previous = ticket.loadHolder ?? null;
  if (previous !== holder) {
    if (previous !== null)
      guarded.push({
        item: releaseLoadItem(tableName, previous),
        onConditionFailed: () =>
          new Error(`The load counter of ${previous} does not count ticket ${ticket.id}.`),
      });
    if (holder !== null)
      guarded.push({
        item: takeLoadItem(tableName, holder, { enforceCapacity: mode.enforceCapacity }),
        onConditionFailed: () =>
          mode.enforceCapacity
            ? new ConflictError(`${holder} has no room for another ticket.`, 'NO_ROOM')
            : new NotFoundError(`No staff member ${holder}.`),
      });
  }
  let waiting = ticket.waiting ?? null;
  if (waiting && (!stillWaiting(ticket) || (mode.enqueue && mode.enqueue.team !== waiting.team))) {
    guarded.push({
      item: dequeueItem(tableName, waiting, { mustExist: mode.enforceCapacity }),
      onConditionFailed: () =>
        new ConflictError(`Ticket ${ticket.id} is no longer waiting in ${ticket.team}.`, 'NOT_WAITING'),
    });
    waiting = null;
  }
  if (mode.enqueue) {
    guarded.push({
      item: enqueueItem(tableName, mode.enqueue, ticket.updatedAt),
      onConditionFailed: () => new Error('An unconditioned put failed'),
    });
    waiting = mode.enqueue;
  }
  return { stored: { ...ticket, loadHolder: holder, waiting }, guarded };
}

export class DynamoDbTicketRepository implements TicketRepository {
  private readonly views: DynamoDbTicketSearch;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.views = new DynamoDbTicketSearch(client, tableName);
  }

  /** Per ticket, its version and detail digest as this container last read or wrote them. */
  private readonly seen = new Map<string, SeenDetail>();

  private remember(ticket: Ticket, detailVersion: number): void {
    this.seen.delete(ticket.id);
    this.seen.set(ticket.id, { version: ticket.version, detailVersion, digest: detailDigest(ticket) });
    if (this.seen.size > seenDetails) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /**
   * The ticket from its partition's items: the ticket item and its detail. A Query is not
   * isolated from a transaction in flight, so a read that caught the two at different versions
   * (`undefined` from `joined`) is read again.
   */
  private async readPartition(
    ticketId: string,
    wholePartition: boolean,
  ): Promise<{ ticket: Ticket; items: Record<string, unknown>[] } | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const items: Record<string, unknown>[] = [];
      for await (const page of queryPages(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: wholePartition ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :ticket)',
        ExpressionAttributeValues: {
          ':pk': ticketKeys.partition(ticketId),
          ...(wholePartition ? {} : { ':ticket': 'TICKET' }),
        },
        ConsistentRead: true,
      })) {
        items.push(...(page.Items ?? []));
      }
      const core = items.find((item) => item.SK === 'TICKET');
      if (!core) return undefined;
      const whole = joined(
        core,
        items.find((item) => item.SK === 'TICKET#DETAIL'),
      );
      if (!whole) continue;
      const ticket = fromItem(whole);
      if (typeof core.detailVersion === 'number') this.remember(ticket, core.detailVersion);
      return { ticket, items };
    }
    throw new ConflictError(
      `Ticket ${ticketId} kept changing while it was read; retry.`,
      'CONCURRENT_UPDATE',
    );
  }

  async get(ticketId: string): Promise<Ticket | undefined> {
    return (await this.readPartition(ticketId, false))?.ticket;
  }

  async getWithTimeline(ticketId: string): Promise<{ ticket: Ticket; events: TicketEvent[] } | undefined> {
    const read = await this.readPartition(ticketId, true);
    if (!read) return undefined;
    const events = read.items.filter((item) => item.entityType === 'TicketEvent').map(fromEventItem);
    return { ticket: read.ticket, events };
  }

  async create(
    ticket: Ticket,
    events: readonly TicketEvent[],
    orderChanges?: OrderChanges,
    quota?: TicketQuota,
  ): Promise<void> {
    await this.write(
      [
        {
          item: {
            Put: {
              TableName: this.tableName,
              Item: toItem(ticket, ticket.version),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          onConditionFailed: () => new ConflictError(`Ticket ${ticket.id} already exists.`, 'TICKET_EXISTS'),
        },
        this.detailPut(ticket),
      ],
      events,
      { orderChanges, quota },
    );
    this.remember(ticket, ticket.version);
  }

  async update(
    ticket: Ticket,
    expectedVersion: number,
    events: readonly TicketEvent[],
    orderChanges?: OrderChanges,
    tracking?: TrackingClaim,
    once?: OnceClaim,
  ): Promise<void> {
    await this.replace(ticket, expectedVersion, events, {
      orderChanges,
      tracking: tracking && { ...tracking, ticketId: ticket.id },
      once: once && { ...once, ticketId: ticket.id },
    });
  }

  /**
   * The assigner's write: the ticket with its new assignee, whose load must admit it (ConflictError
   * `NO_ROOM`), its queue entry taken on condition it is still there (`NOT_WAITING`), its event.
   */
  async autoAssign(ticket: Ticket, expectedVersion: number, events: readonly TicketEvent[]): Promise<void> {
    await this.replace(ticket, expectedVersion, events, {}, { enforceCapacity: true });
  }

  /** The assigner found no room: the ticket waits in its team's queue (`entry`), with its event. */
  async enqueue(
    ticket: Ticket,
    expectedVersion: number,
    events: readonly TicketEvent[],
    entry: WaitingEntry,
  ): Promise<void> {
    await this.replace(ticket, expectedVersion, events, {}, { enforceCapacity: false, enqueue: entry });
  }

  /**
   * The merge's one transaction: the source (closed, its load and queue entry let go, its order
   * changes) and the target with the copied messages, each Put conditioned on its version. It
   * must fit DynamoDB's limit of items per transaction, checked before anything is sent.
   */
  async merge(source: TicketChange, target: TicketChange, orderChanges?: OrderChanges): Promise<void> {
    const sourceSide = staffEffects(this.tableName, source.ticket);
    const targetSide = staffEffects(this.tableName, target.ticket);
    const sourceWrite = this.versionedPut(sourceSide.stored, source.expectedVersion);
    const targetWrite = this.versionedPut(targetSide.stored, target.expectedVersion);
    const alongside: Guarded[] = [
      ...sourceSide.guarded,
      ...targetWrite.guarded,
      ...targetSide.guarded,
      ...target.events.map((event, sequence) => eventPut(this.tableName, event, sequence)),
    ];
    const items =
      sourceWrite.guarded.length +
      alongside.length +
      source.events.length +
      (orderChanges ? orderChangeItems(this.tableName, orderChanges).length : 0);
    if (items > maxTransactionItems)
      throw new BusinessRuleError(
        'MERGE_TOO_LARGE',
        `Merging these tickets takes ${items} writes, more than one transaction holds (${maxTransactionItems}).`,
        [{ path: 'intoTicketId', message: 'The ticket has too many messages to merge at once.' }],
      );
    await this.write(sourceWrite.guarded, source.events, { orderChanges, staff: alongside });
    sourceWrite.written();
    targetWrite.written();
  }

  private detailPut(ticket: Ticket): Guarded {
    return {
      item: { Put: { TableName: this.tableName, Item: detailItem(ticket) } },
      onConditionFailed: () => new Error('An unconditioned put failed'),
    };
  }

  /**
   * The ticket's writes: the ticket item, conditioned on its version, and its detail item only
   * when the detail differs from the one stored at `expectedVersion` as this container read or
   * wrote it (unknown here: written again). The version condition makes that safe: the write
   * lands only on the version whose detail was compared. `written` records what was stored,
   * once the transaction succeeded.
   */
  private versionedPut(stored: Ticket, expectedVersion: number): { guarded: Guarded[]; written: () => void } {
    const seen = this.seen.get(stored.id);
    const digest = detailDigest(stored);
    const keep = seen !== undefined && seen.version === expectedVersion && seen.digest === digest;
    const detailVersion = keep ? seen.detailVersion : stored.version;
    const ticketPut: Guarded = {
      item: {
        Put: {
          TableName: this.tableName,
          Item: toItem(stored, detailVersion),
          ConditionExpression: 'attribute_exists(PK) AND version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      onConditionFailed: () =>
        new ConflictError(
          `Ticket ${stored.id} changed since version ${expectedVersion}; read it again and retry.`,
          'STALE_VERSION',
        ),
    };
    return {
      guarded: keep ? [ticketPut] : [ticketPut, this.detailPut(stored)],
      written: () => this.remember(stored, detailVersion),
    };
  }

  private async replace(
    ticket: Ticket,
    expectedVersion: number,
    events: readonly TicketEvent[],
    effects: Parameters<DynamoDbTicketRepository['write']>[2],
    mode?: AssignmentMode,
  ): Promise<void> {
    const { stored, guarded } = staffEffects(this.tableName, ticket, mode);
    const ticketWrite = this.versionedPut(stored, expectedVersion);
    await this.write(ticketWrite.guarded, events, { ...effects, staff: guarded });
    ticketWrite.written();
  }

  private async write(
    ticketWrites: readonly Guarded[],
    events: readonly TicketEvent[],
    effects: {
      orderChanges?: OrderChanges | undefined;
      tracking?: (TrackingClaim & { ticketId: string }) | undefined;
      once?: (OnceClaim & { ticketId: string }) | undefined;
      staff?: readonly Guarded[];
      quota?: TicketQuota | undefined;
    },
  ): Promise<void> {
    const { orderChanges, tracking, once, staff = [], quota } = effects;
    const guarded: Guarded[] = [
      ...ticketWrites,
      ...staff,
      ...(quota ? [quotaItem(this.tableName, quota)] : []),
      ...(orderChanges ? orderChangeItems(this.tableName, orderChanges) : []),
      ...(tracking
        ? [
            {
              item: {
                Put: {
                  TableName: this.tableName,
                  Item: { ...trackingKey(tracking), entityType: 'TrackingNumber', ...tracking },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              onConditionFailed: () =>
                new ConflictError(
                  `Tracking number ${tracking.trackingNumber} of ${tracking.carrier} already ships another return.`,
                  'TRACKING_NUMBER_USED',
                ),
            },
          ]
        : []),
      ...(once
        ? [
            {
              item: {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...ticketKeys.once(once.ticketId, once.eventId),
                    entityType: 'EventClaim',
                    ...once,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              onConditionFailed: () =>
                new ConflictError(`Event ${once.eventId} was written already.`, 'EVENT_EXISTS'),
            },
          ]
        : []),
      ...events.map((event, sequence) => eventPut(this.tableName, event, sequence)),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: guarded.map((write) => write.item) }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        // The ticket's own condition first (a stale version explains every other failure), then the rest in order.
        const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        const failedWrite = failed >= 0 ? guarded[failed] : undefined;
        if (failedWrite) throw failedWrite.onConditionFailed();
        if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
          throw new ConflictError(
            'Another change to the same order or ticket was in flight; retry.',
            'CONCURRENT_UPDATE',
          );
        }
      }
      throw error;
    }
  }

  async ticketForTracking(tracking: TrackingClaim): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: trackingKey(tracking), ConsistentRead: true }),
    );
    return typeof result.Item?.ticketId === 'string' ? result.Item.ticketId : undefined;
  }

  async list(query: TicketQuery): Promise<TicketSummaryPage> {
    const base = this.baseQuery(query);
    const names: Record<string, string> = { ...base.ExpressionAttributeNames };
    const values: Record<string, unknown> = { ...base.ExpressionAttributeValues };
    const filters: string[] = base.FilterExpression ? [base.FilterExpression] : [];
    if (query.type) {
      names['#type'] = 'type';
      values[':type'] = query.type;
      filters.push('#type = :type');
    }
    if (query.status) {
      names['#status'] = 'status';
      values[':status'] = query.status;
      filters.push('#status = :status');
    }
    const found: Record<string, unknown>[] = [];
    let startKey = query.cursor ? decodeCursor(query.cursor) : undefined;
    let hasMore = false;
    pages: while (true) {
      let page: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };
      try {
        page = await this.client.send(
          new QueryCommand({
            ...base,
            ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
            ExpressionAttributeValues: values,
            FilterExpression: filters.length > 0 ? filters.join(' AND ') : undefined,
            ExclusiveStartKey: startKey,
            Limit: Math.max(query.limit * 2, 25),
          }),
        );
      } catch (error) {
        if (startKey && (error as Error).name === 'ValidationException') {
          throw new ValidationError([
            { path: 'query.cursor', message: 'The cursor does not belong to this list.' },
          ]);
        }
        throw error;
      }
      const items = page.Items ?? [];
      for (const [index, item] of items.entries()) {
        found.push(item);
        if (found.length === query.limit) {
          hasMore = index < items.length - 1 || page.LastEvaluatedKey !== undefined;
          break pages;
        }
      }
      if (!page.LastEvaluatedKey) break;
      startKey = page.LastEvaluatedKey;
    }
    const last = found[found.length - 1];
    const nextCursor = hasMore && last ? encodeCursor(this.keyOf(last, base.IndexName)) : null;
    return { items: found.map(summaryOfItem), nextCursor };
  }

  private keyOf(item: Record<string, unknown>, indexName: string | undefined): Record<string, unknown> {
    const key: Record<string, unknown> = { PK: item.PK, SK: item.SK };
    if (indexName) {
      key[`${indexName}PK`] = item[`${indexName}PK`];
      key[`${indexName}SK`] = item[`${indexName}SK`];
    }
    return key;
  }

  private baseQuery(query: TicketQuery): QueryCommandInput {
    return {
      TableName: this.tableName,
      ScanIndexForward: false,
      IndexName: 'GSI1',
      // The customer's orders share the partition (`ORDER#…`, written by the order repository).
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :tickets)',
      ExpressionAttributeValues: {
        ':pk': ticketKeys.customer(query.scope.customerId),
        ':tickets': 'TICKET#',
      },
    };
  }

  search(query: TicketSearch): Promise<TicketSummaryPage> {
    return this.views.search(query);
  }
}
