import { idSchema } from '../orders/contracts/order.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { staffRoles } from '../shared/principal.js';
import { ticketsConfig } from '../tickets/config.js';
import { paymentGatewaySecret, refundsConfig } from './config.js';
import {
  afterSalesPolicySchema,
  putAfterSalesPolicyRequestSchema,
  refundAttemptSchema,
} from './contracts/policy.js';

export const getRefundAttempt = {
  method: 'GET',
  path: '/v1/tickets/{ticketId}/refund-attempt',
  handler: 'functions/refunds/handlers/get-refund-attempt.ts',
  summary:
    "Staff: the payment gateway's state of the ticket's current refund attempt, looked up by its idempotency key.",
  roles: staffRoles,
  params: { ticketId: idSchema.describe('The ticket id.') },
  responses: { 200: refundAttemptSchema },
  config: [ticketsConfig, refundsConfig],
  secrets: [paymentGatewaySecret],
  table: { operations: ['GetItem'] },
} as const satisfies RouteDefinition;

export const getAfterSalesPolicy = {
  method: 'GET',
  path: '/v1/after-sales-policy',
  handler: 'functions/refunds/handlers/get-after-sales-policy.ts',
  summary: 'The auto-approval ("one-click refund") rules and the return windows in force.',
  roles: ['admin', 'supervisor', 'agent'],
  responses: { 200: afterSalesPolicySchema },
  table: { operations: ['GetItem'] },
} as const satisfies RouteDefinition;

export const putAfterSalesPolicy = {
  method: 'PUT',
  path: '/v1/after-sales-policy',
  handler: 'functions/refunds/handlers/put-after-sales-policy.ts',
  summary: 'Replace the auto-approval rules (ordered, first match wins) and the return windows.',
  roles: ['admin'],
  body: putAfterSalesPolicyRequestSchema,
  responses: { 200: afterSalesPolicySchema },
  // Reads the policy in force, then a version-conditioned put.
  table: { operations: ['GetItem', 'PutItem'] },
} as const satisfies RouteDefinition;
