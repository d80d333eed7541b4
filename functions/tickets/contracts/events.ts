import * as z from 'zod/mini';
import { classificationSchema } from '../../classification/contracts/classification.js';
import { priorities, ticketTypes } from '../../kernel/ticket-kinds.js';

/**
 * The ticket events: each name with its version and the schema of its `data`. The event router
 * validates what it publishes against these; consumers parse with them.
 */
const nullableText = z.nullable(z.string());

export const ticketEventCatalog = {
  TicketCreated: {
    version: 1,
    data: z.object({
      type: z.enum(ticketTypes),
      status: z.string(),
      reason: z.string(),
      channel: z.string(),
      orderId: z.nullable(z.string()),
      items: z.readonly(
        z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() })),
      ),
    }),
  },
  MessageAdded: {
    version: 1,
    data: z.object({
      body: z.string(),
      internal: z.boolean(),
      /** The macro the message was written from, and its version. */
      macroId: z.optional(z.string()),
      macroVersion: z.optional(z.int()),
    }),
  },
  /** What the classifier read at intake: internal (staff only), never on the public bus. */
  TicketClassified: { version: 1, data: classificationSchema },
  TicketAssigned: { version: 1, data: z.object({ from: nullableText, to: nullableText }) },
  InfoRequested: { version: 1, data: z.object({ message: nullableText, from: z.string() }) },
  TicketResumed: { version: 1, data: z.object({ to: nullableText }) },
  TicketResolved: { version: 1, data: z.object({ summary: nullableText }) },
  TicketReopened: { version: 1, data: z.object({ reason: nullableText }) },
  TicketClosed: {
    version: 1,
    data: z.object({
      from: z.string(),
      automatic: z.optional(z.boolean()),
      /** The platform timeout that closed it. */
      timeout: z.optional(z.enum(['customerShipReturn', 'customerAppeal'])),
    }),
  },
  TicketCancelled: { version: 1, data: z.object({ reason: nullableText }) },
  // Merging duplicates (ADR 15): the source closes with a link, the target receives it
  /** On the merged (source) ticket: it closed into `into`; `from` is the status it left. */
  TicketMerged: { version: 1, data: z.object({ into: z.string(), from: z.string() }) },
  /** On the target: ticket `mergedFrom` was merged in; the customer's one email about the merge. */
  TicketMergedIn: {
    version: 1,
    data: z.object({
      mergedFrom: z.string(),
      /** Messages copied from it onto this timeline. */
      messages: z.int().check(z.gte(0)),
      /** Units its claim gave back to the order. */
      releasedUnits: z.int().check(z.gte(0)),
    }),
  },
  /** A message of a merged ticket, copied with its original author, time and visibility. */
  MessageCopied: {
    version: 1,
    data: z.object({
      body: z.string(),
      internal: z.boolean(),
      mergedFrom: z.string(),
      /** The event copied; null for the merged ticket's opening description. */
      originalEventId: nullableText,
    }),
  },
  /** Staff's labels: internal, like the tags themselves. */
  TagAdded: { version: 1, data: z.object({ tag: z.string() }) },
  TagRemoved: { version: 1, data: z.object({ tag: z.string() }) },
  PriorityChanged: { version: 1, data: z.object({ from: z.enum(priorities), to: z.enum(priorities) }) },
  TicketEscalated: {
    version: 1,
    data: z.object({
      level: z.int().check(z.gte(1)),
      trigger: z.enum(['manual', 'sla', 'timeout']),
      /** The platform timeout that escalated it (trigger `timeout`). */
      rule: z.optional(z.string()),
      note: nullableText,
      metric: z.optional(z.enum(['firstResponse', 'nextResponse', 'resolution'])),
      notify: z.optional(z.readonly(z.array(z.enum(['assignee', 'supervisors'])))),
      priority: z.optional(z.enum(priorities)),
      team: z.optional(z.string()),
      alertOperations: z.optional(z.boolean()),
    }),
  },
  // Routing and auto-assignment (the staff context decides; the ticket records it)
  TicketRouted: {
    version: 1,
    data: z.object({
      team: z.string(),
      priority: z.enum(priorities),
      /** The routing rule that matched, null when none did. */
      rule: nullableText,
      reason: z.string(),
    }),
  },
  TicketAutoAssigned: {
    version: 1,
    data: z.object({
      team: z.string(),
      to: z.string(),
      from: nullableText,
      /** The assignee's open tickets before this one, and their capacity. */
      load: z.int(),
      capacity: z.int(),
      /** What set it going: the routing rule's reason, or what freed room. */
      trigger: z.string(),
      reason: z.string(),
    }),
  },
  TicketQueued: {
    version: 1,
    data: z.object({ team: z.string(), deadline: nullableText, trigger: z.string(), reason: z.string() }),
  },
  // SLA engine
  SlaWarning: {
    version: 1,
    data: z.object({ metric: z.enum(['firstResponse', 'nextResponse', 'resolution']), dueAt: z.string() }),
  },
  SlaBreached: {
    version: 1,
    data: z.object({ metric: z.enum(['firstResponse', 'nextResponse', 'resolution']), dueAt: z.string() }),
  },
  // After-sales workflows (refunds, returns, exchanges, repairs, complaints)
  TicketApproved: { version: 1, data: z.object({ note: nullableText, rule: z.optional(z.string()) }) },
  ReturnAuthorized: { version: 1, data: z.object({ returnMethod: z.enum(['pickup', 'dropoff']) }) },
  RefundRequested: {
    version: 1,
    data: z.object({ attempt: z.int(), amount: z.int(), currency: z.string() }),
  },
  TicketRejected: { version: 1, data: z.object({ reason: z.string() }) },
  PickupBooked: {
    version: 1,
    data: z.object({
      carrier: z.string(),
      bookingId: z.string(),
      window: z.object({ from: z.string(), to: z.string() }),
    }),
  },
  ReturnShipped: { version: 1, data: z.object({ carrier: z.string(), trackingNumber: z.string() }) },
  ReturnReceived: { version: 1, data: z.object({ note: nullableText }) },
  InspectionCompleted: {
    version: 1,
    data: z.object({
      result: z.enum(['accepted', 'rejected']),
      note: nullableText,
      timeout: z.optional(z.literal('shopConfirmReceipt')),
    }),
  },
  ReturnDelivered: {
    version: 1,
    data: z.object({ carrier: z.string(), trackingNumber: z.string(), deliveredAt: z.string() }),
  },
  ReturnShipmentReminder: {
    version: 1,
    data: z.object({ rule: z.literal('customerShipReminder'), shipBy: z.string() }),
  },
  TicketAppealed: { version: 1, data: z.object({ reason: z.string() }) },
  AutoApprovalDeclined: { version: 1, data: z.object({ reason: z.string() }) },
  // The watchdog
  WorkflowRedriven: {
    version: 1,
    data: z.object({
      step: z.string(),
      redrive: z.int().check(z.gte(1)),
      /** The event whose processing stalled; the router sends it again to its workflow queues. */
      event: z.record(z.string(), z.unknown()),
    }),
  },
  WorkflowStuck: {
    version: 1,
    data: z.object({ step: z.string(), status: z.string(), since: z.string(), redrives: z.int() }),
  },
  RefundIssued: { version: 1, data: z.object({ amount: z.int(), currency: z.string() }) },
  RefundAttentionNeeded: {
    version: 1,
    data: z.object({
      amount: z.int(),
      currency: z.string(),
      /** The payment provider's own words: for staff only. */
      reason: z.string(),
      attempt: z.int(),
      /** The attempt may have paid: retry (same key) before settling it another way. */
      outcomeUnknown: z.optional(z.boolean()),
    }),
  },
  // Version 2: a neutral code instead of the provider's text, which customers never see.
  RefundFailed: {
    version: 2,
    data: z.object({ amount: z.int(), currency: z.string(), code: z.enum(['declined', 'no_answer']) }),
  },
  ApprovalEscalated: {
    version: 1,
    data: z.object({
      from: z.enum(['agent', 'supervisor']),
      to: z.enum(['supervisor', 'admin']),
      amount: z.int(),
      currency: z.string(),
      requestedBy: z.string(),
    }),
  },
  ComplaintAcknowledged: { version: 1, data: z.object({ team: z.string() }) },
  OutboundShipped: {
    version: 1,
    data: z.object({
      kind: z.enum(['replacement', 'repaired']),
      carrier: z.string(),
      trackingNumber: z.string(),
    }),
  },
  RepairStarted: { version: 1, data: z.object({ note: nullableText }) },
  RepairCompleted: { version: 1, data: z.object({ note: nullableText }) },
  // Follow-up survey
  /** The survey timer fired (SURVEY_DELAY_MINUTES after the resolution): the notifier mails the links. */
  SurveyRequested: { version: 1, data: z.object({ dueAt: z.string() }) },
  SatisfactionRated: {
    version: 1,
    data: z.object({
      score: z.int().check(z.gte(1), z.lte(5)),
      nps: z.nullable(z.int().check(z.gte(0), z.lte(10))),
      comment: nullableText,
      assigneeId: nullableText,
      via: z.enum(['survey', 'account']),
    }),
  },
} as const;

export type TicketEventName = keyof typeof ticketEventCatalog;
export const ticketEventNames = Object.keys(ticketEventCatalog) as TicketEventName[];

/** The data of each event type, as its schema gives it. */
export type TicketEventData = {
  readonly [N in TicketEventName]: z.output<(typeof ticketEventCatalog)[N]['data']>;
};

/**
 * What an event is made of, one member per type: its name and that type's data. The domain
 * produces these (`NewEvent`, `TicketEvent`), consumers narrow on `type` and read typed data.
 */
export type TicketEventBody = {
  readonly [N in TicketEventName]: { readonly type: N; readonly data: TicketEventData[N] };
}[TicketEventName];

/** The body of one event type. */
export type TicketEventBodyOf<N extends TicketEventName> = Extract<TicketEventBody, { type: N }>;

const envelopeFields = {
  id: z.string(),
  version: z.int(),
  ticketId: z.string(),
  ticketType: z.enum(ticketTypes),
  at: z.string(),
  actor: z.object({ id: z.string(), role: z.string() }),
  visibility: z.enum(['public', 'internal']),
};

/** The fields every event carries besides its type and data. */
export type TicketEventEnvelopeFields = z.output<z.ZodMiniObject<typeof envelopeFields>>;

/** One event of a given type as it travels, on queues and on the event bus. */
export type TicketEventOf<N extends TicketEventName> = TicketEventEnvelopeFields & TicketEventBodyOf<N>;

/** Every ticket event as it travels: one member per type, discriminated by `type`. */
export type TicketEventEnvelope = { [N in TicketEventName]: TicketEventOf<N> }[TicketEventName];

function envelopeOf<N extends TicketEventName>(name: N) {
  return z.object({ ...envelopeFields, type: z.literal(name), data: ticketEventCatalog[name].data });
}

/**
 * The schema of the events of the given types: the envelope, the type and that type's data. A
 * worker parses its queue's messages with the schema of the events it subscribes to.
 */
export function ticketEventSchemaOf<const N extends TicketEventName>(
  names: readonly N[],
): z.ZodMiniType<TicketEventOf<N>> {
  const [first, ...rest] = names.map((name) => envelopeOf(name));
  if (!first) throw new Error('An event schema needs at least one event type');
  return z.discriminatedUnion('type', [first, ...rest]) as unknown as z.ZodMiniType<TicketEventOf<N>>;
}

/** Every ticket event, envelope and data (the stream router checks what it routes with it). */
export const ticketEventEnvelopeSchema = ticketEventSchemaOf(ticketEventNames);

/** Only the envelope, data unread: what a malformed event is still recognised by. */
export const ticketEventHeaderSchema = z.object({
  ...envelopeFields,
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
});
