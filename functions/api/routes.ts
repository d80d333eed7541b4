import type * as z from 'zod';
import {
  afterSalesPolicySchema,
  putAfterSalesPolicyRequestSchema,
  refundAttemptSchema,
} from '../after-sales/contracts/policy.js';
import { idSchema, orderSchema, putOrderRequestSchema } from '../orders/contracts/order.js';
import { reportSummaryQuerySchema, reportSummarySchema } from '../reports/contracts/summary.js';
import type { Role } from '../shared/principal.js';
import { staffRoles } from '../shared/principal.js';
import { putSlaPolicyRequestSchema, slaPolicyListSchema, slaPolicySchema } from '../sla/contracts/policy.js';
import { satisfactionRequestSchema, satisfactionSchema } from '../tickets/contracts/satisfaction.js';
import {
  actionRequestSchema,
  createTicketRequestSchema,
  listTicketsQuerySchema,
  messageSchema,
  postMessageRequestSchema,
  returnDeliveryRequestSchema,
  returnDeliverySchema,
  ticketPageSchema,
  ticketSchema,
} from '../tickets/contracts/ticket.js';
import {
  healthSchema,
  htmlPageSchema,
  openApiDocumentSchema,
  pathParameterSchema,
} from './contracts/common.js';

/**
 * Every HTTP route of the public API: the one list that the handlers (roles, schemas), the
 * OpenAPI document, the CDK HTTP API and the local runtime's router all read.
 */
export interface RouteDefinition {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: `/v1/${string}`;
  /** Module path from the project root; it exports `handler`. */
  readonly handler: string;
  readonly summary: string;
  /** Roles allowed; `public` routes need no token. */
  readonly roles: readonly Role[] | 'public';
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  /**
   * Per status: the JSON body's schema, a description (an error status: a problem+json body),
   * `null` for no content, or a body of another media type.
   */
  readonly responses: Readonly<Record<number, z.ZodType | string | null | MediaResponse>>;
  /** Extra request headers the route understands, for the documentation. */
  readonly headers?: readonly { name: string; description: string }[];
}

/** A response body that is not (only) JSON described by a schema: its media type is documented. */
export interface MediaResponse {
  readonly description: string;
  readonly mediaType: string;
  readonly schema: z.ZodType;
}

/** The schema of each path parameter, by name (documented; the handlers look the ids up). */
export const pathParameters: Readonly<Record<string, z.ZodType>> = {
  orderId: idSchema.describe("The shop platform's order id."),
  ticketId: pathParameterSchema.describe('The ticket id.'),
  surveyToken: pathParameterSchema.describe('The signed token from the survey email.'),
  policyId: idSchema.describe('The SLA policy id.'),
};

const everyone = ['customer', ...staffRoles] as const;

export const routes = {
  getHealth: {
    method: 'GET',
    path: '/v1/health',
    handler: 'functions/api/handlers/get-health.ts',
    summary: 'Liveness check.',
    roles: 'public',
    responses: { 200: healthSchema },
  },
  getOpenApi: {
    method: 'GET',
    path: '/v1/openapi.json',
    handler: 'functions/api/handlers/get-openapi.ts',
    summary: 'This API described as OpenAPI 3.1.',
    roles: 'public',
    responses: {
      200: {
        description: 'The OpenAPI document.',
        mediaType: 'application/json',
        schema: openApiDocumentSchema,
      },
    },
  },
  getDocs: {
    method: 'GET',
    path: '/v1/docs',
    handler: 'functions/api/handlers/get-docs.ts',
    summary: 'A rendered reference of this API (HTML).',
    roles: 'public',
    responses: { 200: { description: 'An HTML page.', mediaType: 'text/html', schema: htmlPageSchema } },
  },
  putOrder: {
    method: 'PUT',
    path: '/v1/orders/{orderId}',
    handler: 'functions/orders/handlers/put-order.ts',
    summary: 'Create or update the facts of an order (shop platform).',
    roles: ['integration'],
    body: putOrderRequestSchema,
    responses: { 200: orderSchema, 201: orderSchema },
  },
  getOrder: {
    method: 'GET',
    path: '/v1/orders/{orderId}',
    handler: 'functions/orders/handlers/get-order.ts',
    summary: "Read an order's facts and what is left to refund.",
    roles: [...everyone, 'integration'],
    responses: { 200: orderSchema },
  },
  createTicket: {
    method: 'POST',
    path: '/v1/tickets',
    handler: 'functions/tickets/handlers/create-ticket.ts',
    summary: 'Open a ticket (customers for their own orders; staff for a customer).',
    roles: everyone,
    body: createTicketRequestSchema,
    responses: { 201: ticketSchema },
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'A retry with the same key and body returns the first ticket, never a second one; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED.',
      },
    ],
  },
  listTickets: {
    method: 'GET',
    path: '/v1/tickets',
    handler: 'functions/tickets/handlers/list-tickets.ts',
    summary: "List tickets: a customer's own, or a staff view.",
    roles: everyone,
    query: listTicketsQuerySchema,
    responses: { 200: ticketPageSchema },
  },
  getTicket: {
    method: 'GET',
    path: '/v1/tickets/{ticketId}',
    handler: 'functions/tickets/handlers/get-ticket.ts',
    summary: 'Read a ticket with its timeline.',
    roles: everyone,
    responses: { 200: ticketSchema },
  },
  postMessage: {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/messages',
    handler: 'functions/tickets/handlers/post-message.ts',
    summary: 'Add a message; staff may add internal notes.',
    roles: everyone,
    body: postMessageRequestSchema,
    responses: { 201: messageSchema },
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'A retry with the same key and body returns the first message instead of posting another; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED.',
      },
    ],
  },
  getRefundAttempt: {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/refund-attempt',
    handler: 'functions/tickets/workflows/refund/handlers/get-refund-attempt.ts',
    summary:
      "Staff: the payment gateway's state of the ticket's current refund attempt, looked up by its idempotency key.",
    roles: staffRoles,
    responses: { 200: refundAttemptSchema },
  },
  recordReturnDelivery: {
    method: 'POST',
    path: '/v1/returns/deliveries',
    handler: 'functions/tickets/workflows/return/handlers/record-delivery.ts',
    summary:
      "The carrier delivered a return parcel to the shop (relayed by the shop platform): the shop's time to inspect it starts.",
    roles: ['integration'],
    body: returnDeliveryRequestSchema,
    responses: { 200: returnDeliverySchema },
  },
  performAction: {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/actions',
    handler: 'functions/tickets/handlers/perform-action.ts',
    summary: "Move a ticket through its lifecycle; the ticket's allowedActions lists what fits.",
    roles: everyone,
    body: actionRequestSchema,
    responses: { 200: ticketSchema },
  },
  rateTicket: {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/satisfaction',
    handler: 'functions/tickets/handlers/rate-ticket.ts',
    summary:
      'Rate a resolved ticket (its customer, once): CSAT 1–5 and optionally NPS 0–10. A second answer is 422 ALREADY_RATED.',
    roles: ['customer'],
    body: satisfactionRequestSchema,
    responses: { 201: satisfactionSchema },
  },
  answerSurvey: {
    method: 'POST',
    path: '/v1/surveys/{surveyToken}',
    handler: 'functions/tickets/handlers/answer-survey.ts',
    summary:
      'Answer the follow-up survey from the emailed link, without signing in: the signed token names the ticket and its customer.',
    roles: 'public',
    body: satisfactionRequestSchema,
    responses: {
      201: satisfactionSchema,
      400: 'Invalid answer: every offending field is listed in `errors`.',
      401: 'The survey token is not valid.',
      404: 'The ticket no longer exists.',
      422: '`ALREADY_RATED`, `NOT_RESOLVED` or `SURVEY_EXPIRED`.',
    },
  },
  listSlaPolicies: {
    method: 'GET',
    path: '/v1/sla-policies',
    handler: 'functions/sla/handlers/list-policies.ts',
    summary: 'The SLA policies in force, in matching order (seeded defaults included).',
    roles: ['admin', 'supervisor'],
    responses: { 200: slaPolicyListSchema },
  },
  putSlaPolicy: {
    method: 'PUT',
    path: '/v1/sla-policies/{policyId}',
    handler: 'functions/sla/handlers/put-policy.ts',
    summary: 'Create or replace an SLA policy; open tickets move onto it at once.',
    roles: ['admin'],
    body: putSlaPolicyRequestSchema,
    responses: { 200: slaPolicySchema },
  },
  getAfterSalesPolicy: {
    method: 'GET',
    path: '/v1/after-sales-policy',
    handler: 'functions/after-sales/handlers/get-after-sales-policy.ts',
    summary: 'The auto-approval ("one-click refund") rules and the return windows in force.',
    roles: ['admin', 'supervisor', 'agent'],
    responses: { 200: afterSalesPolicySchema },
  },
  putAfterSalesPolicy: {
    method: 'PUT',
    path: '/v1/after-sales-policy',
    handler: 'functions/after-sales/handlers/put-after-sales-policy.ts',
    summary: 'Replace the auto-approval rules (ordered, first match wins) and the return windows.',
    roles: ['admin'],
    body: putAfterSalesPolicyRequestSchema,
    responses: { 200: afterSalesPolicySchema },
  },
  getReportSummary: {
    method: 'GET',
    path: '/v1/reports/summary',
    handler: 'functions/reports/handlers/get-summary.ts',
    summary:
      'Summary of the tickets created in [from, to) (default: the last 30 days, at most 366): counts, SLA attainment, median times, CSAT, NPS, backlog, top complaint reasons and per-agent figures. Cost grows with the tickets created in the period.',
    roles: ['admin', 'supervisor'],
    query: reportSummaryQuerySchema,
    responses: { 200: reportSummarySchema },
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof routes;
export const routeList: readonly (RouteDefinition & { name: RouteName })[] = Object.entries(routes).map(
  ([name, route]) => ({ ...(route as RouteDefinition), name: name as RouteName }),
);
