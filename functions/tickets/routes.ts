import * as z from 'zod/mini';
import { idSchema } from '../shared/contracts.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { ticketWrites } from '../shared/manifest.js';
import { staffRoles } from '../shared/principal.js';
import { surveySecret, ticketCreationConfig, ticketsConfig } from './config.js';
import { satisfactionRequestSchema, satisfactionSchema } from './contracts/satisfaction.js';
import {
  actionRequestSchema,
  createTicketRequestSchema,
  listTicketsQuerySchema,
  postMessageRequestSchema,
} from './contracts/ticket.js';
import { ticketViewSchemas } from './contracts/ticket-views.js';

const everyone = ['customer', ...staffRoles] as const;
const ticketId = idSchema.check(z.describe('The ticket id.'));
const surveyToken = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(2048),
    z.regex(/^[A-Za-z0-9_.-]+$/, 'A survey token is base64url text.'),
    z.describe('The signed token from the survey email.'),
  );

export const createTicket = {
  method: 'POST',
  path: '/v1/tickets',
  handler: 'functions/tickets/handlers/create-ticket.ts',
  summary: 'Open a ticket (customers for their own orders; staff for a customer).',
  roles: everyone,
  body: createTicketRequestSchema,
  responses: {
    201: () => ticketViewSchemas().ticketResponse,
    429: "TOO_MANY_TICKETS: the customer opened MAX_TICKETS_PER_HOUR tickets this clock hour (UTC); `Retry-After` says when the hour ends. Nothing was created. (Or the stage throttles, with API Gateway's body.)",
  },
  headers: [
    {
      name: 'Idempotency-Key',
      description:
        'A retry with the same key and body returns the first ticket, never a second one; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED.',
    },
  ],
  config: [ticketsConfig, ticketCreationConfig],
  // The ticket write (with the customer's hourly counter, an Update in the same transaction),
  // plus Powertools idempotency's record (Get/Put/Update/DeleteItem).
  table: ticketWrites,
} as const satisfies RouteDefinition;

export const listTickets = {
  method: 'GET',
  path: '/v1/tickets',
  handler: 'functions/tickets/handlers/list-tickets.ts',
  summary: "List tickets: a customer's own, or a staff view.",
  roles: everyone,
  query: listTicketsQuerySchema,
  responses: { 200: () => ticketViewSchemas().ticketPageResponse },
  config: [ticketsConfig],
  // Views and lookups: index queries, the team view's staff record and the order of an order-id
  // lookup (GetItem), the list fields of looked-up tickets (BatchGetItem).
  table: {
    operations: ['GetItem', 'BatchGetItem'],
    indexes: ['GSI1', 'GSI2', 'GSI3', 'GSI5', 'GSI6', 'GSI7', 'GSI8'],
  },
} as const satisfies RouteDefinition;

export const postMessage = {
  method: 'POST',
  path: '/v1/tickets/{ticketId}/messages',
  handler: 'functions/tickets/handlers/post-message.ts',
  summary: 'Add a message; staff may add internal notes.',
  roles: everyone,
  params: { ticketId },
  body: postMessageRequestSchema,
  responses: { 201: () => ticketViewSchemas().messageResponse },
  headers: [
    {
      name: 'Idempotency-Key',
      description:
        'A retry with the same key and body returns the first message instead of posting another; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED.',
    },
  ],
  config: [ticketsConfig],
  table: ticketWrites,
} as const satisfies RouteDefinition;

export const performAction = {
  method: 'POST',
  path: '/v1/tickets/{ticketId}/actions',
  handler: 'functions/tickets/handlers/perform-action.ts',
  summary: "Move a ticket through its lifecycle; the ticket's allowedActions lists what fits.",
  roles: everyone,
  params: { ticketId },
  body: actionRequestSchema,
  responses: { 200: () => ticketViewSchemas().ticketResponse },
  config: [ticketsConfig],
  table: ticketWrites,
} as const satisfies RouteDefinition;

export const rateTicket = {
  method: 'POST',
  path: '/v1/tickets/{ticketId}/satisfaction',
  handler: 'functions/tickets/handlers/rate-ticket.ts',
  summary:
    'Rate a resolved ticket (its customer, once): CSAT 1–5 and optionally NPS 0–10. A second answer is 422 ALREADY_RATED.',
  roles: ['customer'],
  params: { ticketId },
  body: satisfactionRequestSchema,
  responses: { 201: satisfactionSchema },
  config: [ticketsConfig],
  // The ticket's read (its item and detail item: one Query of its partition, ADR 23), the rating's
  // write of the resolved ticket and its entry (a resolved ticket holds no load and waits in no
  // queue, so no staff effect); nothing to delete, nothing beyond the ticket's partition and the
  // settings it reads (GetItem).
  table: {
    operations: ['GetItem', 'Query', 'TransactWriteItems', 'PutItem'],
    keys: ['TICKET#*', 'SETTINGS'],
  },
} as const satisfies RouteDefinition;

export const answerSurvey = {
  method: 'POST',
  path: '/v1/surveys/{surveyToken}',
  handler: 'functions/tickets/handlers/answer-survey.ts',
  summary:
    'Answer the follow-up survey from the emailed link, without signing in: the signed token names the ticket and its customer.',
  roles: 'public',
  params: { surveyToken },
  body: satisfactionRequestSchema,
  responses: {
    201: satisfactionSchema,
    400: 'Invalid answer: every offending field is listed in `errors`.',
    401: 'The survey token is not valid.',
    404: 'The ticket no longer exists.',
    422: '`ALREADY_RATED`, `NOT_RESOLVED` or `SURVEY_EXPIRED`.',
  },
  config: [ticketsConfig],
  secrets: [surveySecret],
  // The ticket's read (its item and detail item: one Query of its partition, ADR 23), the rating's
  // write of the resolved ticket and its entry (a resolved ticket holds no load and waits in no
  // queue, so no staff effect); nothing to delete, nothing beyond the ticket's partition and the
  // settings it reads (GetItem).
  table: {
    operations: ['GetItem', 'Query', 'TransactWriteItems', 'PutItem'],
    keys: ['TICKET#*', 'SETTINGS'],
  },
} as const satisfies RouteDefinition;
