import * as z from 'zod/mini';
import { classificationSchema } from '../../classification/contracts/classification.js';
import { channels, priorities, reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse } from '../../shared/contracts.js';
import { maxTags } from '../domain/tags.js';
import { pickupSchema } from './ticket.js';

/**
 * The shapes of the ticket answers: what staff and customers receive. Handlers build answers in
 * code (`use-cases/ticket-view.ts`) and never parse them, so these schemas serve the OpenAPI
 * document, the console's generated client and the tests — they are built on first use, not when
 * a handler loads (building them at load was a third of create-ticket's cold-import overhead).
 */
/** Who wrote a customer's timeline entry: a role, never a staff id (the desk's staff are `support`). */
export const customerActorRoles = ['customer', 'support', 'system'] as const;

function buildTicketViewSchemas() {
  const shipmentView = z.object({
    carrier: z.string(),
    trackingNumber: z.string(),
    at: z.string(),
    postage: z.optional(z.nullable(z.int())),
    deliveredAt: z.optional(z.nullable(z.string())),
  });
  const pickupBookingView = z.object({
    carrier: z.string(),
    bookingId: z.string(),
    window: z.object({ from: z.string(), to: z.string() }),
  });
  const inspectionView = z.object({
    result: z.enum(['accepted', 'rejected']),
    note: z.nullable(z.string()),
    at: z.string(),
  });
  const slaClockView = z.object({
    dueAt: z.string(),
    warnAt: z.string(),
    state: z.enum(['running', 'paused', 'met', 'breached']),
  });

  const timelineEventSchema = z.object({
    id: z.string(),
    type: z.string(),
    at: z.string(),
    actor: z.object({ id: z.string(), role: z.string() }),
    visibility: z.enum(['public', 'internal']),
    data: z.record(z.string(), z.unknown()),
  });

  /** A macro offered for a ticket: it answers these of the ticket's classification labels. */
  const suggestedMacroSchema = z
    .object({ id: z.string(), title: z.string(), labels: z.array(z.string()) })
    .check(z.meta({ id: 'SuggestedMacro' }));

  const ticketSchema = z
    .object({
      id: z.string(),
      type: z.enum(ticketTypes),
      status: z.string(),
      priority: z.enum(priorities),
      customerId: z.string(),
      orderId: z.nullable(z.string()),
      channel: z.enum(channels),
      reason: z.enum(reasons),
      subject: z.nullable(z.string()),
      description: z.string(),
      items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() })),
      returnMethod: z.nullable(z.enum(['pickup', 'dropoff'])),
      pickup: z.nullable(pickupSchema()),
      assigneeId: z.nullable(z.string()),
      escalationLevel: z.int(),
      refund: z.nullable(
        z.object({
          amount: z.int(),
          itemsAmount: z.int(),
          shippingAmount: z.int(),
          postageAmount: z.int(),
          currency: z.string(),
          status: z.enum(['pending', 'approved', 'processing', 'issued', 'failed', 'cancelled']),
          attempt: z.int(),
          /** The current attempt may have paid: retries reuse its key until the gateway answers. */
          outcomeUnknown: z.boolean(),
          gatewayRefundId: z.nullable(z.string()),
          /** A neutral sentence in the ticket's language; the provider's words are for staff only. */
          failureReason: z.nullable(z.string()),
          approvedBy: z.nullable(z.string()),
          /** When the one-click rules were judged and none matched. */
          judgedAt: z.nullable(z.string()),
        }),
      ),
      /** An approval above the last approver's ceiling waits for this level. */
      approvalNeeds: z.nullable(z.enum(['supervisor', 'admin'])),
      returnShipment: z.nullable(shipmentView),
      pickupBooking: z.nullable(pickupBookingView),
      inspection: z.nullable(inspectionView),
      outboundShipment: z.nullable(shipmentView),
      rejectionReason: z.nullable(z.string()),
      sla: z.object({
        policyId: z.string(),
        firstResponse: z.optional(slaClockView),
        nextResponse: z.optional(slaClockView),
        resolution: z.optional(slaClockView),
      }),
      customerTier: z.string(),
      team: z.string(),
      autoCloseAt: z.nullable(z.string()),
      allowedActions: z.array(z.string()),
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
      resolvedAt: z.nullable(z.string()),
      closedAt: z.nullable(z.string()),
      /** The customer's survey answer, once given. */
      satisfaction: z.optional(
        z.nullable(
          z.object({
            score: z.int(),
            nps: z.nullable(z.int()),
            comment: z.nullable(z.string()),
            ratedAt: z.string(),
          }),
        ),
      ),
      timeline: z.optional(z.array(timelineEventSchema)),
      /** Staff only: what the classifier read in the customer's text at intake. */
      classification: z.optional(z.nullable(classificationSchema)),
      /** Closed by a merge into this ticket, whose timeline carries its messages. */
      mergedInto: z.optional(z.string()),
      /** Staff only: the ticket's tags (at most ${maxTags}), in the order they were added. */
      tags: z.optional(z.array(z.string()).check(z.maxLength(maxTags))),
      /** Staff only, on `GET /v1/tickets/{ticketId}`: macros answering the ticket's labels. */
      suggestedMacros: z.optional(z.array(suggestedMacroSchema)),
    })
    .check(z.meta({ id: 'Ticket' }));

  /** A ticket as lists show it: the fields the list indexes project (ADR 14). */
  const ticketSummarySchema = z
    .object({
      id: z.string(),
      /** The number emails quote: `#` and the id's first 8 hex digits. */
      number: z.string(),
      type: z.enum(ticketTypes),
      status: z.string(),
      priority: z.enum(priorities),
      customerId: z.string(),
      orderId: z.nullable(z.string()),
      channel: z.enum(channels),
      team: z.string(),
      assigneeId: z.nullable(z.string()),
      subject: z.nullable(z.string()),
      tags: z.array(z.string()),
      createdAt: z.string(),
      escalationLevel: z.int(),
      /** The nearest running SLA deadline; null when no clock runs (paused, done). */
      nextDeadline: z.nullable(
        z.object({ dueAt: z.string(), warnAt: z.string(), state: z.enum(['running', 'warned', 'breached']) }),
      ),
    })
    .check(z.meta({ id: 'TicketSummary' }));

  const ticketPageSchema = z
    .object({ items: z.array(ticketSummarySchema), nextCursor: z.nullable(z.string()) })
    .check(z.meta({ id: 'TicketPage' }));

  const messageSchema = timelineEventSchema.check(z.meta({ id: 'TimelineEvent' }));

  /*
   * What a customer receives (issue 12, "minimal views"): their ticket without the desk's
   * internals. No staff ids (assignee, approver, authors of public entries), no priority, team,
   * tier, escalation level, approval level, classification or tags, no SLA policy or warning
   * times, no internal timeline entries. Staff keep `Ticket`. Each response of a route that both
   * answer is one or the other (`anyOf`; the two never match the same body, as both forbid
   * properties they do not list).
   */

  const customerTimelineEventSchema = z
    .object({
      id: z.string(),
      type: z.string(),
      at: z.string(),
      actor: z.object({ role: z.enum(customerActorRoles) }),
      data: z.record(z.string(), z.unknown()),
    })
    .check(z.meta({ id: 'CustomerTimelineEvent' }));

  /** A deadline the customer can act on: when, and whether it runs, waits on them, was met or missed. */
  const customerSlaClockView = z.pick(slaClockView, { dueAt: true, state: true });

  const customerTicketSchema = z
    .object({
      id: z.string(),
      type: z.enum(ticketTypes),
      status: z.string(),
      orderId: z.nullable(z.string()),
      channel: z.enum(channels),
      reason: z.enum(reasons),
      subject: z.nullable(z.string()),
      description: z.string(),
      items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() })),
      returnMethod: z.nullable(z.enum(['pickup', 'dropoff'])),
      pickup: z.nullable(pickupSchema()),
      refund: z.nullable(
        z.object({
          amount: z.int(),
          itemsAmount: z.int(),
          shippingAmount: z.int(),
          postageAmount: z.int(),
          currency: z.string(),
          status: z.enum(['pending', 'approved', 'processing', 'issued', 'failed', 'cancelled']),
          /** A neutral sentence in the ticket's language, never the provider's words. */
          failureReason: z.nullable(z.string()),
        }),
      ),
      returnShipment: z.nullable(shipmentView),
      pickupBooking: z.nullable(pickupBookingView),
      inspection: z.nullable(inspectionView),
      outboundShipment: z.nullable(shipmentView),
      rejectionReason: z.nullable(z.string()),
      /** What the desk owes next and by when (a paused clock waits on the customer). */
      sla: z.object({
        firstResponse: z.optional(customerSlaClockView),
        nextResponse: z.optional(customerSlaClockView),
        resolution: z.optional(customerSlaClockView),
      }),
      autoCloseAt: z.nullable(z.string()),
      allowedActions: z.array(z.string()),
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
      resolvedAt: z.nullable(z.string()),
      closedAt: z.nullable(z.string()),
      satisfaction: z.nullable(
        z.object({
          score: z.int(),
          nps: z.nullable(z.int()),
          comment: z.nullable(z.string()),
          ratedAt: z.string(),
        }),
      ),
      /** Closed by a merge into this ticket, whose timeline carries its messages. */
      mergedInto: z.optional(z.string()),
      /** The public entries only, on `GET /v1/tickets/{ticketId}`. */
      timeline: z.optional(z.array(customerTimelineEventSchema)),
    })
    .check(z.meta({ id: 'CustomerTicket' }));

  /** A customer's ticket as their list shows it. */
  const customerTicketSummarySchema = z
    .object({
      id: z.string(),
      number: z.string(),
      type: z.enum(ticketTypes),
      status: z.string(),
      orderId: z.nullable(z.string()),
      channel: z.enum(channels),
      subject: z.nullable(z.string()),
      createdAt: z.string(),
      /** When the desk owes its next step; null while nothing runs (waiting on the customer, done). */
      nextDueAt: z.nullable(z.string()),
    })
    .check(z.meta({ id: 'CustomerTicketSummary' }));

  const customerTicketPageSchema = z
    .object({ items: z.array(customerTicketSummarySchema), nextCursor: z.nullable(z.string()) })
    .check(z.meta({ id: 'CustomerTicketPage' }));

  /** The bodies of routes both staff and customers call: staff get the first, customers the second. */
  const ticketResponseSchema = z
    .union([ticketSchema, customerTicketSchema])
    .check(z.describe('Staff get `Ticket`; a customer gets `CustomerTicket`.'));
  const ticketPageResponseSchema = z
    .union([ticketPageSchema, customerTicketPageSchema])
    .check(z.describe('Staff get `TicketPage`; a customer gets `CustomerTicketPage` (their own tickets).'));
  const messageResponseSchema = z
    .union([messageSchema, customerTimelineEventSchema])
    .check(z.describe('Staff get `TimelineEvent`; a customer gets `CustomerTimelineEvent`.'));

  return {
    timelineEvent: timelineEventSchema,
    suggestedMacro: suggestedMacroSchema,
    ticket: ticketSchema,
    ticketSummary: ticketSummarySchema,
    ticketPage: ticketPageSchema,
    message: messageSchema,
    customerTimelineEvent: customerTimelineEventSchema,
    customerTicket: customerTicketSchema,
    customerTicketSummary: customerTicketSummarySchema,
    customerTicketPage: customerTicketPageSchema,
    ticketResponse: ticketResponseSchema,
    ticketPageResponse: ticketPageResponseSchema,
    messageResponse: messageResponseSchema,
  };
}

/** The ticket answers' schemas, built once on first call. */
export const ticketViewSchemas = /* @__PURE__ */ builtOnFirstUse(buildTicketViewSchemas);

type ViewSchemas = ReturnType<typeof buildTicketViewSchemas>;
export type TimelineEventView = z.output<ViewSchemas['timelineEvent']>;
export type TicketView = z.output<ViewSchemas['ticket']>;
export type TicketSummaryView = z.output<ViewSchemas['ticketSummary']>;
export type CustomerTimelineEventView = z.output<ViewSchemas['customerTimelineEvent']>;
export type CustomerTicketView = z.output<ViewSchemas['customerTicket']>;
export type CustomerTicketSummaryView = z.output<ViewSchemas['customerTicketSummary']>;
