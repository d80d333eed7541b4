import * as z from 'zod/mini';

/**
 * `GET /v1/customers/{customerId}/data` (admins) and `GET /v1/me/data` (the customer): every
 * fact Redress holds about one customer, as one JSON document. Staff identities appear only in
 * an admin's copy; internal timeline entries and internal notes too.
 */
const time = z.string().check(z.describe('ISO 8601 UTC.'));
const nullableTime = z.nullable(time);

const actorSchema = z
  .object({
    role: z.string().check(z.describe('customer, agent, supervisor, admin, integration or system.')),
    id: z.optional(z.string()).check(z.describe("The actor's id: in an admin's copy only.")),
  })
  .check(z.describe('Who acted.'));

export const exportedOrderSchema = z
  .object({
    id: z.string().check(z.describe("The shop platform's order id.")),
    customerEmail: z.string().check(z.describe('The address the shop platform gave for the order.')),
    customerName: z.nullable(z.string()).check(z.describe('The name the shop platform gave, if any.')),
    customerTier: z
      .string()
      .check(z.describe('The shop\'s tier for the customer, e.g. "standard" or "vip".')),
    locale: z.string().check(z.describe('The language of the emails about this order.')),
    timeZone: z
      .nullable(z.string())
      .check(z.describe("The customer's IANA time zone, if the shop gave one.")),
    currency: z.string().check(z.describe('ISO 4217.')),
    placedAt: time.check(z.describe('When the order was placed.')),
    shippedAt: nullableTime.check(z.describe('When it shipped.')),
    deliveredAt: nullableTime.check(z.describe('When it was delivered.')),
    shippingFee: z.int().check(z.describe('Minor units.')),
    items: z
      .array(
        z.object({
          sku: z.string(),
          name: z.string().check(z.describe('Product name.')),
          quantity: z.int(),
          unitPrice: z.int().check(z.describe('Minor units.')),
          discount: z.int().check(z.describe('Minor units off the whole line.')),
          refundedQuantity: z.int(),
          refundedAmount: z.int().check(z.describe('Minor units.')),
        }),
      )
      .check(z.describe('The order lines, with what was refunded on each.')),
    updatedAt: time.check(z.describe('When the shop platform last sent the order.')),
  })
  .check(z.describe('Order facts the shop platform sent, for the orders of the tickets.'));

export const exportedEventSchema = z
  .object({
    id: z.string(),
    type: z.string().check(z.describe('The event name, e.g. TicketApproved, RefundIssued.')),
    at: time,
    actor: actorSchema,
    visibility: z
      .enum(['public', 'internal'])
      .check(z.describe("internal entries: in an admin's copy only.")),
    data: z
      .record(z.string(), z.unknown())
      .check(z.describe("The event's facts, as in the ticket's timeline.")),
  })
  .check(z.describe('One timeline entry (messages are listed apart).'));

export const exportedTicketSchema = z
  .object({
    id: z.string(),
    type: z.string().check(z.describe('refund, return, exchange, repair, complaint or inquiry.')),
    status: z.string(),
    orderId: z.nullable(z.string()),
    channel: z.string().check(z.describe('Where the ticket was opened (web, app, email…).')),
    reason: z.string(),
    subject: z.nullable(z.string()).check(z.describe('As written by the customer.')),
    description: z.string().check(z.describe('As written by the customer.')),
    customerEmail: z.nullable(z.string()).check(z.describe('The address the ticket mails.')),
    locale: z.string(),
    items: z
      .array(z.object({ sku: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() }))
      .check(z.describe('The units claimed.')),
    currency: z.nullable(z.string()),
    returnMethod: z.nullable(z.enum(['pickup', 'dropoff'])),
    pickup: z
      .nullable(z.object({ address: z.string(), window: z.object({ from: time, to: time }) }))
      .check(z.describe('The pickup address and window the customer gave.')),
    refund: z
      .nullable(z.object({ amount: z.int(), currency: z.string(), status: z.string() }))
      .check(z.describe('Minor units; status pending, approved, processing, issued, failed or cancelled.')),
    rejectionReason: z.nullable(z.string()).check(z.describe('Why staff rejected the request.')),
    returnShipment: z
      .nullable(z.object({ carrier: z.string(), trackingNumber: z.string(), at: time }))
      .check(z.describe("The customer's parcel back to the shop.")),
    outboundShipment: z
      .nullable(z.object({ carrier: z.string(), trackingNumber: z.string(), at: time }))
      .check(z.describe('A replacement or repaired item on its way to the customer.')),
    inspection: z.nullable(
      z.object({ result: z.enum(['accepted', 'rejected']), note: z.nullable(z.string()), at: time }),
    ),
    createdAt: time,
    updatedAt: time,
    resolvedAt: nullableTime,
    closedAt: nullableTime,
    erasedAt: nullableTime.check(z.describe('When its personal text was replaced by tombstones, if it was.')),
    timeline: z.array(exportedEventSchema),
  })
  .check(z.describe("One of the customer's tickets."));

export const exportedMessageSchema = z
  .object({
    ticketId: z.string(),
    id: z.string(),
    at: time,
    author: actorSchema,
    body: z.string(),
    internal: z.boolean().check(z.describe("A staff note the customer never saw: in an admin's copy only.")),
  })
  .check(z.describe('A message on a ticket, by the customer or by staff.'));

export const exportedSurveyAnswerSchema = z
  .object({
    ticketId: z.string(),
    score: z.int().check(z.describe('CSAT, 1–5.')),
    nps: z.nullable(z.int()).check(z.describe('0–10.')),
    comment: z.nullable(z.string()),
    ratedAt: time,
    via: z.enum(['survey', 'account']).check(z.describe('The emailed link, or logged in.')),
  })
  .check(z.describe('An answer to the follow-up survey.'));

export const exportedEmailSchema = z
  .object({
    ticketId: z.string(),
    eventId: z.string().check(z.describe('The timeline entry the email told of.')),
    to: z.string(),
    kind: z.nullable(z.string()).check(z.describe('The event the email was about, e.g. TicketApproved.')),
    subject: z.nullable(z.string()).check(z.describe('Null for emails sent before subjects were kept.')),
    sentAt: time,
  })
  .check(z.describe('An email sent to the customer (the sent log keeps them 90 days).'));

export const exportedSuppressionSchema = z
  .object({
    address: z.string(),
    suppressed: z.boolean().check(z.describe('Nothing is mailed to a suppressed address.')),
    reason: z.nullable(z.enum(['bounce', 'complaint'])),
    since: nullableTime,
  })
  .check(z.describe("Whether one of the customer's addresses is on the suppression list."));

export const customerDataSchema = z
  .object({
    customerId: z.string(),
    generatedAt: time,
    erasure: z
      .nullable(z.object({ erasureId: z.string(), erasedAt: time }))
      .check(z.describe('Set once the customer was erased: what remains is tombstones, amounts and dates.')),
    orders: z.array(exportedOrderSchema),
    tickets: z.array(exportedTicketSchema).check(z.describe('Newest first.')),
    messages: z.array(exportedMessageSchema),
    surveyAnswers: z.array(exportedSurveyAnswerSchema),
    emails: z.array(exportedEmailSchema),
    suppressions: z.array(exportedSuppressionSchema),
  })
  .check(z.meta({ id: 'CustomerData' }));
export type CustomerData = z.output<typeof customerDataSchema>;
export type ExportedTicket = z.output<typeof exportedTicketSchema>;
