import * as z from 'zod';
import { classificationSchema } from '../../classification/contracts/classification.js';
import { channels, orderBoundTypes, priorities, reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { idSchema, isoTimeSchema } from '../../shared/contracts.js';
import { maxTagLength, maxTags, tagPattern } from '../domain/tags.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ticketItemInputSchema = z.strictObject({
  sku: idSchema,
  quantity: z.int().min(1).max(10_000),
});

export const pickupSchema = z.strictObject({
  address: text(500),
  window: z
    .strictObject({ from: isoTimeSchema, to: isoTimeSchema })
    .refine((w) => Date.parse(w.from) < Date.parse(w.to), {
      message: 'The window must end after it starts.',
      path: ['to'],
    }),
});

export const createTicketRequestSchema = z
  .strictObject({
    type: z.enum(ticketTypes),
    orderId: idSchema.optional(),
    items: z.array(ticketItemInputSchema).min(1).max(50).optional(),
    reason: z.enum(reasons),
    subject: text(200).optional(),
    description: z.string().trim().max(5000).default(''),
    channel: z.enum(channels).default('web'),
    priority: z.enum(priorities).optional(),
    customerId: idSchema.optional(),
    returnMethod: z.enum(['pickup', 'dropoff']).optional(),
    pickup: pickupSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const needsOrder = orderBoundTypes.includes(body.type);
    if (needsOrder && !body.orderId)
      ctx.addIssue({ code: 'custom', path: ['orderId'], message: `Required for a ${body.type} ticket.` });
    if (needsOrder && !body.items)
      ctx.addIssue({ code: 'custom', path: ['items'], message: `Required for a ${body.type} ticket.` });
    if (!needsOrder && body.items) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: `A ${body.type} ticket names no items.` });
    }
    if ((body.type === 'complaint' || body.type === 'inquiry') && body.description === '') {
      ctx.addIssue({ code: 'custom', path: ['description'], message: `Describe the ${body.type}.` });
    }
    const shipsBack = body.type === 'return' || body.type === 'exchange';
    if (!shipsBack && body.returnMethod) {
      ctx.addIssue({
        code: 'custom',
        path: ['returnMethod'],
        message: 'Only return and exchange tickets ship goods back.',
      });
    }
    if (body.returnMethod === 'pickup' && !body.pickup) {
      ctx.addIssue({ code: 'custom', path: ['pickup'], message: 'Give the pickup address and window.' });
    }
    if (body.pickup && body.returnMethod !== 'pickup') {
      ctx.addIssue({ code: 'custom', path: ['pickup'], message: 'A pickup needs "returnMethod": "pickup".' });
    }
    const seen = new Set<string>();
    body.items?.forEach((item, index) => {
      if (seen.has(item.sku))
        ctx.addIssue({ code: 'custom', path: ['items', index, 'sku'], message: 'Each SKU may appear once.' });
      seen.add(item.sku);
    });
  })
  .meta({ id: 'CreateTicketRequest' });
export type CreateTicketRequest = z.output<typeof createTicketRequestSchema>;

export const postMessageRequestSchema = z
  .strictObject({
    body: text(10_000),
    internal: z.boolean().default(false),
  })
  .meta({ id: 'PostMessageRequest' });

/** A staff tag: a lower-case slug of at most 40 characters (`functions/tickets/domain/tags.ts`). */
export const tagSchema = z
  .string()
  .max(maxTagLength)
  .regex(
    tagPattern,
    `Lower-case letters, digits, dashes and underscores, starting with a letter or digit; at most ${maxTagLength}.`,
  );

const version = { version: z.int().min(1).optional() };
const parcel = {
  carrier: text(60),
  trackingNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,40}$/, 'Letters, digits and dashes, 4–40.'),
};
const note = (max = 2000) => text(max).optional();

export const actionRequestSchema = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('assign'), assigneeId: idSchema.nullable(), ...version }),
    z.strictObject({ action: z.literal('request_info'), message: note(), ...version }),
    z.strictObject({ action: z.literal('resolve'), summary: note(), ...version }),
    z.strictObject({ action: z.literal('reopen'), reason: note(), ...version }),
    z.strictObject({ action: z.literal('close'), ...version }),
    z.strictObject({ action: z.literal('set_priority'), priority: z.enum(priorities), ...version }),
    z.strictObject({ action: z.literal('escalate'), note: note(), ...version }),
    z.strictObject({ action: z.literal('cancel'), reason: note(), ...version }),
    z.strictObject({ action: z.literal('add_tag'), tag: tagSchema, ...version }),
    z.strictObject({ action: z.literal('remove_tag'), tag: tagSchema, ...version }),
    // The ticket acted on closes into `intoTicketId` (same customer and order; ADR 15).
    z.strictObject({ action: z.literal('merge'), intoTicketId: idSchema, ...version }),
    z.strictObject({ action: z.literal('approve'), note: note(), ...version }),
    z.strictObject({ action: z.literal('reject'), reason: text(2000), ...version }),
    z.strictObject({ action: z.literal('retry_refund'), ...version }),
    z.strictObject({ action: z.literal('appeal'), reason: text(2000), ...version }),
    z.strictObject({
      action: z.literal('ship'),
      ...parcel,
      // Minor units in the order's currency; reimbursed up to the policy's cap when the shop is at fault.
      postage: z.int().min(0).max(1_000_000).optional(),
      ...version,
    }),
    z.strictObject({ action: z.literal('receive'), note: note(), ...version }),
    z.strictObject({
      action: z.literal('inspect'),
      result: z.enum(['accepted', 'rejected']),
      note: note(),
      ...version,
    }),
    z.strictObject({ action: z.literal('ship_replacement'), ...parcel, ...version }),
    z.strictObject({ action: z.literal('start_repair'), note: note(), ...version }),
    z.strictObject({ action: z.literal('complete_repair'), note: note(), ...version }),
    z.strictObject({ action: z.literal('ship_back'), ...parcel, ...version }),
  ])
  .meta({ id: 'ActionRequest' });
export type ActionRequest = z.output<typeof actionRequestSchema>;

export const returnDeliveryRequestSchema = z
  .strictObject({
    ...parcel,
    /** When the carrier delivered the parcel to the shop; now when left out. */
    deliveredAt: isoTimeSchema.optional(),
  })
  .meta({ id: 'ReturnDeliveryRequest' });

export const returnDeliverySchema = z
  .object({
    ticketId: z.string(),
    status: z.string(),
    deliveredAt: z.string().nullable(),
    /** The shop inspects by then, or the parcel counts as accepted (shopConfirmReceipt). */
    inspectBy: z.string().nullable(),
  })
  .meta({ id: 'ReturnDelivery' });

export const ticketViews = [
  'unassigned',
  'mine',
  'team',
  'breaching',
  'breached',
  'pending_customer',
  'all',
] as const;

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'An ISO date (2026-11-01, midnight UTC) or date-time (2026-11-01T08:00:00Z).',
});

export const listTicketsQuerySchema = z
  .strictObject({
    view: z
      .enum(ticketViews)
      .optional()
      .describe(
        'Staff only (customers always get their own tickets, newest first). Queues sort by the nearest SLA deadline; `all` (the default) is newest first.',
      ),
    type: z.enum(ticketTypes).optional(),
    status: z
      .string()
      .regex(/^[a-z_]{1,40}$/, 'A status name such as requested.')
      .optional(),
    priority: z.enum(priorities).optional(),
    tag: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'A tag: lower-case letters, digits, _ and -, at most 40.')
      .optional(),
    team: idSchema.optional().describe("With view=team: this team instead of the caller's teams."),
    assigneeId: idSchema.optional(),
    channel: z.enum(channels).optional(),
    createdFrom: instant.optional().describe('Created at or after (inclusive).'),
    createdTo: instant.optional().describe('Created before (exclusive).'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .optional()
      .describe(
        'A ticket number (`#79540BC0` or `79540BC0`: every ticket whose id starts so), an order id or a customer email. Staff only; searches every ticket.',
      ),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(4096).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.createdFrom && query.createdTo && Date.parse(query.createdFrom) >= Date.parse(query.createdTo))
      ctx.addIssue({ code: 'custom', path: ['createdTo'], message: 'Must be after createdFrom.' });
    if (query.q !== undefined && query.view !== undefined && query.view !== 'all')
      ctx.addIssue({
        code: 'custom',
        path: ['view'],
        message: 'A search covers all tickets: leave view out.',
      });
    if (query.q !== undefined && query.cursor !== undefined)
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'A search returns one page.' });
  });
export type ListTicketsQuery = z.output<typeof listTicketsQuerySchema>;

const shipmentView = z.object({
  carrier: z.string(),
  trackingNumber: z.string(),
  at: z.string(),
  postage: z.int().nullable().optional(),
  deliveredAt: z.string().nullable().optional(),
});
const slaClockView = z.object({
  dueAt: z.string(),
  warnAt: z.string(),
  state: z.enum(['running', 'paused', 'met', 'breached']),
});

export const timelineEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), role: z.string() }),
  visibility: z.enum(['public', 'internal']),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEventView = z.output<typeof timelineEventSchema>;

/** A macro offered for a ticket: it answers these of the ticket's classification labels. */
export const suggestedMacroSchema = z
  .object({ id: z.string(), title: z.string(), labels: z.array(z.string()) })
  .meta({ id: 'SuggestedMacro' });

export const ticketSchema = z
  .object({
    id: z.string(),
    type: z.enum(ticketTypes),
    status: z.string(),
    priority: z.enum(priorities),
    customerId: z.string(),
    orderId: z.string().nullable(),
    channel: z.enum(channels),
    reason: z.enum(reasons),
    subject: z.string().nullable(),
    description: z.string(),
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() })),
    returnMethod: z.enum(['pickup', 'dropoff']).nullable(),
    pickup: pickupSchema.nullable(),
    assigneeId: z.string().nullable(),
    escalationLevel: z.int(),
    refund: z
      .object({
        amount: z.int(),
        itemsAmount: z.int(),
        shippingAmount: z.int(),
        postageAmount: z.int(),
        currency: z.string(),
        status: z.enum(['pending', 'approved', 'processing', 'issued', 'failed', 'cancelled']),
        attempt: z.int(),
        /** The current attempt may have paid: retries reuse its key until the gateway answers. */
        outcomeUnknown: z.boolean(),
        gatewayRefundId: z.string().nullable(),
        /** A neutral sentence in the ticket's language; the provider's words are for staff only. */
        failureReason: z.string().nullable(),
        approvedBy: z.string().nullable(),
        /** When the one-click rules were judged and none matched. */
        judgedAt: z.string().nullable(),
      })
      .nullable(),
    /** An approval above the last approver's ceiling waits for this level. */
    approvalNeeds: z.enum(['supervisor', 'admin']).nullable(),
    returnShipment: shipmentView.nullable(),
    pickupBooking: z
      .object({
        carrier: z.string(),
        bookingId: z.string(),
        window: z.object({ from: z.string(), to: z.string() }),
      })
      .nullable(),
    inspection: z
      .object({ result: z.enum(['accepted', 'rejected']), note: z.string().nullable(), at: z.string() })
      .nullable(),
    outboundShipment: shipmentView.nullable(),
    rejectionReason: z.string().nullable(),
    sla: z.object({
      policyId: z.string(),
      firstResponse: slaClockView.optional(),
      nextResponse: slaClockView.optional(),
      resolution: slaClockView.optional(),
    }),
    customerTier: z.string(),
    team: z.string(),
    autoCloseAt: z.string().nullable(),
    allowedActions: z.array(z.string()),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    /** The customer's survey answer, once given. */
    satisfaction: z
      .object({
        score: z.int(),
        nps: z.int().nullable(),
        comment: z.string().nullable(),
        ratedAt: z.string(),
      })
      .nullable()
      .optional(),
    timeline: z.array(timelineEventSchema).optional(),
    /** Staff only: what the classifier read in the customer's text at intake. */
    classification: classificationSchema.nullable().optional(),
    /** Closed by a merge into this ticket, whose timeline carries its messages. */
    mergedInto: z.string().optional(),
    /** Staff only: the ticket's tags (at most ${maxTags}), in the order they were added. */
    tags: z.array(z.string()).max(maxTags).optional(),
    /** Staff only, on `GET /v1/tickets/{ticketId}`: macros answering the ticket's labels. */
    suggestedMacros: z.array(suggestedMacroSchema).optional(),
  })
  .meta({ id: 'Ticket' });
export type TicketView = z.output<typeof ticketSchema>;

/** A ticket as lists show it: the fields the list indexes project (ADR 14). */
export const ticketSummarySchema = z
  .object({
    id: z.string(),
    /** The number emails quote: `#` and the id's first 8 hex digits. */
    number: z.string(),
    type: z.enum(ticketTypes),
    status: z.string(),
    priority: z.enum(priorities),
    customerId: z.string(),
    orderId: z.string().nullable(),
    channel: z.enum(channels),
    team: z.string(),
    assigneeId: z.string().nullable(),
    subject: z.string().nullable(),
    tags: z.array(z.string()),
    createdAt: z.string(),
    escalationLevel: z.int(),
    /** The nearest running SLA deadline; null when no clock runs (paused, done). */
    nextDeadline: z
      .object({ dueAt: z.string(), warnAt: z.string(), state: z.enum(['running', 'warned', 'breached']) })
      .nullable(),
  })
  .meta({ id: 'TicketSummary' });
export type TicketSummaryView = z.output<typeof ticketSummarySchema>;

export const ticketPageSchema = z
  .object({ items: z.array(ticketSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TicketPage' });

export const messageSchema = timelineEventSchema.meta({ id: 'TimelineEvent' });

/*
 * What a customer receives (issue 12, "minimal views"): their ticket without the desk's
 * internals. No staff ids (assignee, approver, authors of public entries), no priority, team,
 * tier, escalation level, approval level, classification or tags, no SLA policy or warning
 * times, no internal timeline entries. Staff keep `Ticket`. Each response of a route that both
 * answer is one or the other (`anyOf`; the two never match the same body, as both forbid
 * properties they do not list).
 */

/** Who wrote a customer's timeline entry: a role, never a staff id (the desk's staff are `support`). */
export const customerActorRoles = ['customer', 'support', 'system'] as const;

export const customerTimelineEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    at: z.string(),
    actor: z.object({ role: z.enum(customerActorRoles) }),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CustomerTimelineEvent' });
export type CustomerTimelineEventView = z.output<typeof customerTimelineEventSchema>;

/** A deadline the customer can act on: when, and whether it runs, waits on them, was met or missed. */
const customerSlaClockView = slaClockView.pick({ dueAt: true, state: true });

export const customerTicketSchema = z
  .object({
    id: z.string(),
    type: z.enum(ticketTypes),
    status: z.string(),
    orderId: z.string().nullable(),
    channel: z.enum(channels),
    reason: z.enum(reasons),
    subject: z.string().nullable(),
    description: z.string(),
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() })),
    returnMethod: z.enum(['pickup', 'dropoff']).nullable(),
    pickup: pickupSchema.nullable(),
    refund: z
      .object({
        amount: z.int(),
        itemsAmount: z.int(),
        shippingAmount: z.int(),
        postageAmount: z.int(),
        currency: z.string(),
        status: z.enum(['pending', 'approved', 'processing', 'issued', 'failed', 'cancelled']),
        /** A neutral sentence in the ticket's language, never the provider's words. */
        failureReason: z.string().nullable(),
      })
      .nullable(),
    returnShipment: shipmentView.nullable(),
    pickupBooking: z
      .object({
        carrier: z.string(),
        bookingId: z.string(),
        window: z.object({ from: z.string(), to: z.string() }),
      })
      .nullable(),
    inspection: z
      .object({ result: z.enum(['accepted', 'rejected']), note: z.string().nullable(), at: z.string() })
      .nullable(),
    outboundShipment: shipmentView.nullable(),
    rejectionReason: z.string().nullable(),
    /** What the desk owes next and by when (a paused clock waits on the customer). */
    sla: z.object({
      firstResponse: customerSlaClockView.optional(),
      nextResponse: customerSlaClockView.optional(),
      resolution: customerSlaClockView.optional(),
    }),
    autoCloseAt: z.string().nullable(),
    allowedActions: z.array(z.string()),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    satisfaction: z
      .object({
        score: z.int(),
        nps: z.int().nullable(),
        comment: z.string().nullable(),
        ratedAt: z.string(),
      })
      .nullable(),
    /** Closed by a merge into this ticket, whose timeline carries its messages. */
    mergedInto: z.string().optional(),
    /** The public entries only, on `GET /v1/tickets/{ticketId}`. */
    timeline: z.array(customerTimelineEventSchema).optional(),
  })
  .meta({ id: 'CustomerTicket' });
export type CustomerTicketView = z.output<typeof customerTicketSchema>;

/** A customer's ticket as their list shows it. */
export const customerTicketSummarySchema = z
  .object({
    id: z.string(),
    number: z.string(),
    type: z.enum(ticketTypes),
    status: z.string(),
    orderId: z.string().nullable(),
    channel: z.enum(channels),
    subject: z.string().nullable(),
    createdAt: z.string(),
    /** When the desk owes its next step; null while nothing runs (waiting on the customer, done). */
    nextDueAt: z.string().nullable(),
  })
  .meta({ id: 'CustomerTicketSummary' });
export type CustomerTicketSummaryView = z.output<typeof customerTicketSummarySchema>;

export const customerTicketPageSchema = z
  .object({ items: z.array(customerTicketSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'CustomerTicketPage' });

/** The bodies of routes both staff and customers call: staff get the first, customers the second. */
export const ticketResponseSchema = z
  .union([ticketSchema, customerTicketSchema])
  .describe('Staff get `Ticket`; a customer gets `CustomerTicket`.');
export const ticketPageResponseSchema = z
  .union([ticketPageSchema, customerTicketPageSchema])
  .describe('Staff get `TicketPage`; a customer gets `CustomerTicketPage` (their own tickets).');
export const messageResponseSchema = z
  .union([messageSchema, customerTimelineEventSchema])
  .describe('Staff get `TimelineEvent`; a customer gets `CustomerTimelineEvent`.');
