import type { RouteDefinition } from '../shared/http/route.js';
import { afterSalesPolicySchema, putAfterSalesPolicyRequestSchema } from './contracts/policy.js';

export const getAfterSalesPolicy = {
  method: 'GET',
  path: '/v1/after-sales-policy',
  handler: 'functions/after-sales/handlers/get-after-sales-policy.ts',
  summary: 'The auto-approval ("one-click refund") rules and the return windows in force.',
  roles: ['admin', 'supervisor', 'agent'],
  responses: { 200: afterSalesPolicySchema },
  table: { operations: ['GetItem'], keys: ['SETTINGS'] },
} as const satisfies RouteDefinition;

export const putAfterSalesPolicy = {
  method: 'PUT',
  path: '/v1/after-sales-policy',
  handler: 'functions/after-sales/handlers/put-after-sales-policy.ts',
  summary: 'Replace the auto-approval rules (ordered, first match wins) and the return windows.',
  roles: ['admin'],
  body: putAfterSalesPolicyRequestSchema,
  responses: { 200: afterSalesPolicySchema },
  // Reads the policy in force, then a version-conditioned put with the bump of its version item.
  table: { operations: ['GetItem', 'TransactWriteItems', 'PutItem', 'UpdateItem'], keys: ['SETTINGS'] },
} as const satisfies RouteDefinition;
