import * as z from 'zod';

/**
 * `GET /v1/customers/{customerId}/data` (admins) and `GET /v1/me/data` (the customer): every
 * fact Redress holds about one customer, as one JSON document. Staff identities appear only in
 * an admin's copy; internal timeline entries and internal notes too.
 */
const time = z.string().describe('ISO 8601 UTC.');
const nullableTime = time.nullable();

const actorSchema = z
  .object({
    role: z.string().describe('customer, agent, supervisor, admin, integration or system.'),
    id: z.string().optional().describe("The actor's id: in an admin's copy only."),
  })
  .describe('Who acted.');

export const exportedOrderSchema = z
  .object({
    id: z.string().describe("The shop platform's order id."),
    customerEmail: z.string().describe('The address the shop platform gave for the order.'),
    customerName: z.string().nullable().describe('The name the shop platform gave, if any.'),
    customerTier: z.string().describe('The shop\'s tier for the customer, e.g. "standard" or "vip".'),
    locale: z.string().describe('The language of the emails about this order.'),
    timeZone: z.string().nullable().describe("The customer's IANA time zone, if the shop gave one."),
    currency: z.string().describe('ISO 4217.'),
    placedAt: time.describe('When the order was placed.'),
    shippedAt: nullableTime.describe('When it shipped.'),
    deliveredAt: nullableTime.describe('When it was delivered.'),
    shippingFee: z.int().describe('Minor units.'),
    items: z
      .array(
        z.object({
          sku: z.string(),
          name: z.string().describe('Product name.'),
          quantity: z.int(),
          unitPrice: z.int().describe('Minor units.'),
          discount: z.int().describe('Minor units off the whole line.'),
          refundedQuantity: z.int(),
          refundedAmount: z.int().describe('Minor units.'),
        }),
      )
      .describe('The order lines, with what was refunded on each.'),
    updatedAt: time.describe('When the shop platform last sent the order.'),
  })
  .describe('Order facts the shop platform sent, for the orders of the tickets.');

export const exportedEventSchema = z
  .object({
    id: z.string(),
    type: z.string().describe('The event name, e.g. TicketApproved, RefundIssued.'),
    at: time,
    actor: actorSchema,
    visibility: z.enum(['public', 'internal']).describe("internal entries: in an admin's copy only."),
    data: z.record(z.string(), z.unknown()).describe("The event's facts, as in the ticket's timeline."),
  })
  .describe('One timeline entry (messages are listed apart).');

export const exportedTicketSchema = z
  .object({
    id: z.string(),
    type: z.string().describe('refund, return, exchange, repair, complaint or inquiry.'),
    status: z.string(),
    orderId: z.string().nullable(),
    channel: z.string().describe('Where the ticket was opened (web, app, email…).'),
    reason: z.string(),
    subject: z.string().nullable().describe('As written by the customer.'),
    description: z.string().describe('As written by the customer.'),
    customerEmail: z.string().nullable().describe('The address the ticket mails.'),
    locale: z.string(),
    items: z
      .array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() }))
      .describe('The units claimed.'),
    currency: z.string().nullable(),
    returnMethod: z.enum(['pickup', 'dropoff']).nullable(),
    pickup: z
      .object({ address: z.string(), window: z.object({ from: time, to: time }) })
      .nullable()
      .describe('The pickup address and window the customer gave.'),
    refund: z
      .object({ amount: z.int(), currency: z.string(), status: z.string() })
      .nullable()
      .describe('Minor units; status pending, approved, processing, issued, failed or cancelled.'),
    rejectionReason: z.string().nullable().describe('Why staff rejected the request.'),
    returnShipment: z
      .object({ carrier: z.string(), trackingNumber: z.string(), at: time })
      .nullable()
      .describe("The customer's parcel back to the shop."),
    outboundShipment: z
      .object({ carrier: z.string(), trackingNumber: z.string(), at: time })
      .nullable()
      .describe('A replacement or repaired item on its way to the customer.'),
    inspection: z
      .object({ result: z.enum(['accepted', 'rejected']), note: z.string().nullable(), at: time })
      .nullable(),
    createdAt: time,
    updatedAt: time,
    resolvedAt: nullableTime,
    closedAt: nullableTime,
    erasedAt: nullableTime.describe('When its personal text was replaced by tombstones, if it was.'),
    timeline: z.array(exportedEventSchema),
  })
  .describe("One of the customer's tickets.");

export const exportedMessageSchema = z
  .object({
    ticketId: z.string(),
    id: z.string(),
    at: time,
    author: actorSchema,
    body: z.string(),
    internal: z.boolean().describe("A staff note the customer never saw: in an admin's copy only."),
  })
  .describe('A message on a ticket, by the customer or by staff.');

export const exportedSurveyAnswerSchema = z
  .object({
    ticketId: z.string(),
    score: z.int().describe('CSAT, 1–5.'),
    nps: z.int().nullable().describe('0–10.'),
    comment: z.string().nullable(),
    ratedAt: time,
    via: z.enum(['survey', 'account']).describe('The emailed link, or logged in.'),
  })
  .describe('An answer to the follow-up survey.');

export const exportedEmailSchema = z
  .object({
    ticketId: z.string(),
    eventId: z.string().describe('The timeline entry the email told of.'),
    to: z.string(),
    kind: z.string().nullable().describe('The event the email was about, e.g. TicketApproved.'),
    subject: z.string().nullable().describe('Null for emails sent before subjects were kept.'),
    sentAt: time,
  })
  .describe('An email sent to the customer (the sent log keeps them 90 days).');

export const exportedSuppressionSchema = z
  .object({
    address: z.string(),
    suppressed: z.boolean().describe('Nothing is mailed to a suppressed address.'),
    reason: z.enum(['bounce', 'complaint']).nullable(),
    since: nullableTime,
  })
  .describe("Whether one of the customer's addresses is on the suppression list.");

export const customerDataSchema = z
  .object({
    customerId: z.string(),
    generatedAt: time,
    erasure: z
      .object({ erasureId: z.string(), erasedAt: time })
      .nullable()
      .describe('Set once the customer was erased: what remains is tombstones, amounts and dates.'),
    orders: z.array(exportedOrderSchema),
    tickets: z.array(exportedTicketSchema).describe('Newest first.'),
    messages: z.array(exportedMessageSchema),
    surveyAnswers: z.array(exportedSurveyAnswerSchema),
    emails: z.array(exportedEmailSchema),
    suppressions: z.array(exportedSuppressionSchema),
  })
  .meta({ id: 'CustomerData' });
export type CustomerData = z.output<typeof customerDataSchema>;
export type ExportedTicket = z.output<typeof exportedTicketSchema>;
