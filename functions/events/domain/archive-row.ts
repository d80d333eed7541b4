import { channels, priorities, reasons, ticketStatuses, ticketTypes } from '../../kernel/ticket-kinds.js';
import type { TicketEventData, TicketEventName } from '../../tickets/contracts/events.js';

/**
 * The analytics archive (ADR 22): every public event becomes one flat row of ids, codes,
 * amounts, counts and times. Nothing else: no free text, no names, no addresses — so erasing a
 * customer never has to rewrite the archive. Each event type says field by field what it gives
 * (`allowList`), and every value passes a guard on the way (an enum of the kernel, the shape of an
 * id or a code, an integer), so a field that one day carries text cannot leak through either.
 */

/** The archive's columns, in order, with their SQL type: the Glue table, the Parquet files and the local DuckDB view. */
export const archiveColumns = [
  { name: 'event_id', type: 'string' },
  { name: 'event_type', type: 'string' },
  { name: 'event_version', type: 'int' },
  /** UTC, `YYYY-MM-DD HH:MM:SS.mmm` (what Firehose's Parquet conversion and DuckDB both read as a timestamp). */
  { name: 'occurred_at', type: 'timestamp' },
  { name: 'ticket_id', type: 'string' },
  { name: 'ticket_type', type: 'string' },
  /** customer, agent, supervisor, admin, integration or system. */
  { name: 'actor_role', type: 'string' },
  /** The customer's pseudonymous id (the sign-in subject), never an address. */
  { name: 'customer_id', type: 'string' },
  /** The staff member who acted. */
  { name: 'agent_id', type: 'string' },
  /** Whom the ticket was given to, or whose handling a rating judges. */
  { name: 'assignee_id', type: 'string' },
  { name: 'order_id', type: 'string' },
  /** The other ticket of a merge. */
  { name: 'related_ticket_id', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'from_status', type: 'string' },
  { name: 'priority', type: 'string' },
  { name: 'team', type: 'string' },
  /** The ticket's reason (`defective`, `service`, …). */
  { name: 'reason_code', type: 'string' },
  /** The rule, timeout, trigger or workflow step behind an automatic event. */
  { name: 'rule_code', type: 'string' },
  /** An event's result: inspection accepted/rejected, refund failure code, what was shipped, how a rating came. */
  { name: 'outcome_code', type: 'string' },
  { name: 'channel', type: 'string' },
  { name: 'carrier', type: 'string' },
  { name: 'return_method', type: 'string' },
  /** firstResponse, nextResponse or resolution. */
  { name: 'sla_metric', type: 'string' },
  /** Units claimed, or given back by a merge. */
  { name: 'units', type: 'int' },
  /** Order lines claimed. */
  { name: 'lines', type: 'int' },
  /** Integer minor units of `currency`. */
  { name: 'amount_minor', type: 'int' },
  { name: 'currency', type: 'string' },
  /** Payment attempt, or the watchdog's re-drive count. */
  { name: 'attempt', type: 'int' },
  /** Escalation level. */
  { name: 'level', type: 'int' },
  { name: 'csat_score', type: 'int' },
  { name: 'nps_score', type: 'int' },
  /** The UTC day of `occurred_at` (`YYYY-MM-DD`): the partition. */
  { name: 'day', type: 'string' },
] as const;

export type ArchiveColumn = (typeof archiveColumns)[number];
export type ArchiveColumnName = ArchiveColumn['name'];
type ValueOf<T extends ArchiveColumn['type']> = T extends 'int' ? number : string;

/** The columns every row fills. */
type AlwaysFilled = 'event_id' | 'event_type' | 'occurred_at' | 'day';

/** One archive row: every column present, `null` where the event has nothing for it. */
export type ArchiveRow = {
  readonly [C in ArchiveColumn as C['name']]: C['name'] extends AlwaysFilled
    ? ValueOf<C['type']>
    : ValueOf<C['type']> | null;
};

/** The columns an event type may fill from its data (the envelope's are filled for every type). */
type DataFacts = Partial<
  Omit<
    { -readonly [K in keyof ArchiveRow]: ArchiveRow[K] },
    | 'event_id'
    | 'event_type'
    | 'event_version'
    | 'occurred_at'
    | 'day'
    | 'ticket_id'
    | 'ticket_type'
    | 'actor_role'
  >
>;

/** A public event as the archive reads it: a ticket event, or another context's (`CustomerErased`). */
export interface ArchivableEvent {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly at: string;
  readonly ticketId?: string;
  readonly ticketType?: string;
  readonly actor?: { readonly id: string; readonly role: string };
  readonly data: unknown;
}

// Guards: every value goes through one; whatever fails it becomes null.

/** An id or a code: letters, digits and `._:#/-`, no spaces, no `@`, at most 128 characters. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:#/-]{0,127}$/;
function code(value: unknown): string | null {
  return typeof value === 'string' && CODE.test(value) ? value : null;
}
function oneOf(allowed: readonly string[]) {
  return (value: unknown): string | null =>
    typeof value === 'string' && allowed.includes(value) ? value : null;
}
function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}
const currency = (value: unknown): string | null =>
  typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? value : null;
const statuses = [...new Set(Object.values(ticketStatuses).flat())] as readonly string[];
const status = oneOf(statuses);
const reason = oneOf(reasons);
const priority = oneOf(priorities);
const channel = oneOf(channels);
const metric = oneOf(['firstResponse', 'nextResponse', 'resolution']);
const staffRoles: readonly string[] = ['agent', 'supervisor', 'admin'];
const actorRoles: readonly string[] = [...staffRoles, 'customer', 'integration', 'system'];

type Projector<N extends TicketEventName> = (data: TicketEventData[N]) => DataFacts;
const none = (): DataFacts => ({});

/**
 * What each event type gives the archive, and nothing more. The compiler wants one entry per
 * event of the catalog; a new event type is archived only once it is listed here.
 */
export const allowList: { readonly [N in TicketEventName]: Projector<N> } = {
  TicketCreated: (d) => ({
    status: status(d.status),
    reason_code: reason(d.reason),
    channel: channel(d.channel),
    order_id: code(d.orderId),
    lines: d.items.length,
    units: d.items.reduce((sum, item) => sum + (int(item.quantity) ?? 0), 0),
  }),
  MessageAdded: none,
  TicketClassified: none,
  TicketAssigned: (d) => ({ assignee_id: code(d.to) }),
  InfoRequested: (d) => ({ from_status: status(d.from) }),
  TicketResumed: (d) => ({ status: status(d.to) }),
  TicketResolved: none,
  TicketReopened: none,
  TicketClosed: (d) => ({
    from_status: status(d.from),
    rule_code: code(d.timeout) ?? (d.automatic === true ? 'automatic' : null),
  }),
  TicketCancelled: none,
  TicketMerged: (d) => ({ related_ticket_id: code(d.into), from_status: status(d.from) }),
  TicketMergedIn: (d) => ({ related_ticket_id: code(d.mergedFrom), units: int(d.releasedUnits) }),
  MessageCopied: (d) => ({ related_ticket_id: code(d.mergedFrom) }),
  TagAdded: none,
  TagRemoved: none,
  PriorityChanged: (d) => ({ priority: priority(d.to) }),
  TicketEscalated: (d) => ({
    level: int(d.level),
    rule_code: code(d.rule) ?? oneOf(['manual', 'sla', 'timeout'])(d.trigger),
    sla_metric: metric(d.metric),
    priority: priority(d.priority),
    team: code(d.team),
  }),
  TicketRouted: (d) => ({ team: code(d.team), priority: priority(d.priority), rule_code: code(d.rule) }),
  TicketAutoAssigned: (d) => ({ team: code(d.team), assignee_id: code(d.to) }),
  TicketQueued: (d) => ({ team: code(d.team) }),
  SlaWarning: (d) => ({ sla_metric: metric(d.metric) }),
  SlaBreached: (d) => ({ sla_metric: metric(d.metric) }),
  TicketApproved: (d) => ({ rule_code: code(d.rule) }),
  ReturnAuthorized: (d) => ({ return_method: oneOf(['pickup', 'dropoff'])(d.returnMethod) }),
  RefundRequested: (d) => ({
    attempt: int(d.attempt),
    amount_minor: int(d.amount),
    currency: currency(d.currency),
  }),
  TicketRejected: none,
  PickupBooked: (d) => ({ carrier: code(d.carrier) }),
  ReturnShipped: (d) => ({ carrier: code(d.carrier) }),
  ReturnReceived: none,
  InspectionCompleted: (d) => ({
    outcome_code: oneOf(['accepted', 'rejected'])(d.result),
    rule_code: code(d.timeout),
  }),
  ReturnDelivered: (d) => ({ carrier: code(d.carrier) }),
  ReturnShipmentReminder: (d) => ({ rule_code: code(d.rule) }),
  TicketAppealed: none,
  AutoApprovalDeclined: none,
  WorkflowRedriven: (d) => ({ rule_code: code(d.step), attempt: int(d.redrive) }),
  WorkflowStuck: (d) => ({ rule_code: code(d.step), status: status(d.status), attempt: int(d.redrives) }),
  RefundIssued: (d) => ({ amount_minor: int(d.amount), currency: currency(d.currency) }),
  RefundAttentionNeeded: (d) => ({
    amount_minor: int(d.amount),
    currency: currency(d.currency),
    attempt: int(d.attempt),
  }),
  RefundFailed: (d) => ({
    amount_minor: int(d.amount),
    currency: currency(d.currency),
    outcome_code: oneOf(['declined', 'no_answer'])(d.code),
  }),
  ApprovalEscalated: (d) => ({ amount_minor: int(d.amount), currency: currency(d.currency) }),
  ComplaintAcknowledged: (d) => ({ team: code(d.team) }),
  OutboundShipped: (d) => ({
    carrier: code(d.carrier),
    outcome_code: oneOf(['replacement', 'repaired'])(d.kind),
  }),
  RepairStarted: none,
  RepairCompleted: none,
  SurveyRequested: none,
  SatisfactionRated: (d) => ({
    csat_score: int(d.score),
    nps_score: int(d.nps),
    assignee_id: code(d.assigneeId),
    outcome_code: oneOf(['survey', 'account'])(d.via),
  }),
};

/** `CustomerErased` (the privacy context's public event): whom, and when; the erasure's own ids stay out. */
const privacyAllowList: Readonly<Record<string, (data: Record<string, unknown>) => DataFacts>> = {
  CustomerErased: (d) => ({ customer_id: code(d.customerId) }),
};

/** Every column null, in the columns' order (the envelope's are set over it). */
const emptyRow = Object.fromEntries(archiveColumns.map((column) => [column.name, null])) as Record<
  ArchiveColumnName,
  null
>;

/** `2026-12-03T16:40:00.123Z` → `2026-12-03 16:40:00.123` (UTC). */
function timestampOf(at: string): string | undefined {
  const time = Date.parse(at);
  if (Number.isNaN(time)) return undefined;
  return new Date(time).toISOString().replace('T', ' ').replace('Z', '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The archive row of one public event, or undefined when it is not one the archive knows (a
 * type neither list names, or no valid id and time). Data that does not match its type's schema
 * is read field by field through the guards: a wrong field is null, never copied.
 */
export function archiveRowOf(event: ArchivableEvent): ArchiveRow | undefined {
  const occurredAt = timestampOf(event.at);
  const id = code(event.id);
  if (!occurredAt || !id || !isRecord(event.data)) return undefined;
  const projector = Object.hasOwn(allowList, event.type)
    ? (allowList as Readonly<Record<string, (data: never) => DataFacts>>)[event.type]
    : Object.hasOwn(privacyAllowList, event.type)
      ? privacyAllowList[event.type]
      : undefined;
  if (!projector) return undefined;
  const facts = safely(() => projector(event.data as never));
  const role = oneOf(actorRoles)(event.actor?.role);
  const actorId = code(event.actor?.id);
  return {
    ...emptyRow,
    customer_id: role === 'customer' ? actorId : null,
    agent_id: role !== null && staffRoles.includes(role) ? actorId : null,
    ...facts,
    event_id: id,
    event_type: event.type,
    event_version: int(event.version),
    occurred_at: occurredAt,
    ticket_id: code(event.ticketId),
    ticket_type: oneOf(ticketTypes)(event.ticketType),
    actor_role: role,
    day: occurredAt.slice(0, 10),
  };
}

/** A projector reading data of the wrong shape (an array where it wants one) gives nothing. */
function safely(project: () => DataFacts): DataFacts {
  try {
    return project();
  } catch {
    return {};
  }
}

/** The SQL type of each column, for the Glue table (Hive types) and the local DuckDB view. */
export const archiveSqlTypes = {
  glue: { string: 'string', int: 'bigint', timestamp: 'timestamp' },
  duckdb: { string: 'VARCHAR', int: 'BIGINT', timestamp: 'TIMESTAMP' },
} as const;

/**
 * The `events` view over the raw rows, the same text for Athena and DuckDB. Delivery is at least
 * once (the stream retries, EventBridge and Firehose retry), and a redelivered event gives the very
 * same row, so DISTINCT leaves one copy; both engines push a filter on `day` through it.
 */
export function archiveViewQuery(rawTable: string): string {
  return `SELECT DISTINCT ${archiveColumns.map((column) => column.name).join(', ')} FROM ${rawTable}`;
}
