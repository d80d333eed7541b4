import * as z from 'zod/mini';
import { addressHashSecret } from '../notifications/config.js';
import { idSchema } from '../shared/contracts.js';
import type { RouteDefinition } from '../shared/http/route.js';
import type { TableUse } from '../shared/manifest.js';
import { customerDataSchema } from './contracts/customer-data.js';
import { erasureJobSchema } from './contracts/erasure.js';

const customerId = idSchema.check(z.describe("The shop platform's customer id."));
const erasureId = idSchema.check(
  z.describe('The erasure id (from the Location of DELETE /v1/customers/{customerId}).'),
);

/**
 * What an export reads, by key only: the customer's tickets and orders on their index (GSI1),
 * each ticket's partition and each order's (Query), the sent-log entries (BatchGetItem), the
 * suppressions and the erasure mark (GetItem).
 */
const exportReads: TableUse = {
  operations: ['GetItem', 'Query', 'BatchGetItem'],
  indexes: ['GSI1'],
};

export const exportCustomerData = {
  method: 'GET',
  path: '/v1/customers/{customerId}/data',
  handler: 'functions/privacy/handlers/export-customer-data.ts',
  summary:
    "Everything held about one customer (orders, tickets with their timelines and internal notes, messages, survey answers, emails sent, suppressions), as one document. Cost grows with the customer's tickets.",
  roles: ['admin'],
  params: { customerId },
  responses: { 200: customerDataSchema },
  // Suppressions of erased customers are looked up by the address HMAC.
  secrets: [addressHashSecret],
  table: exportReads,
} as const satisfies RouteDefinition;

export const exportMyData = {
  method: 'GET',
  path: '/v1/me/data',
  handler: 'functions/privacy/handlers/export-my-data.ts',
  summary:
    "The caller's own data (a customer): the same document as an admin's export without internal notes, internal timeline entries or staff ids.",
  roles: ['customer'],
  responses: { 200: customerDataSchema },
  secrets: [addressHashSecret],
  table: exportReads,
} as const satisfies RouteDefinition;

export const eraseCustomer = {
  method: 'DELETE',
  path: '/v1/customers/{customerId}',
  handler: 'functions/privacy/handlers/erase-customer.ts',
  summary:
    "Erase a customer's personal data: 202 with the erasure (Location /v1/erasures/{erasureId}); a worker replaces it by tombstones, keeping amounts, dates and statuses. Asking again answers the same erasure, or starts another run of a finished or stalled one.",
  roles: ['admin'],
  params: { customerId },
  responses: { 202: erasureJobSchema },
  // Reads the job, creates it or puts its next run (conditioned); the stream starts the work.
  table: { operations: ['GetItem', 'PutItem'] },
} as const satisfies RouteDefinition;

export const getErasure = {
  method: 'GET',
  path: '/v1/erasures/{erasureId}',
  handler: 'functions/privacy/handlers/get-erasure.ts',
  summary: 'Where an erasure stands: requested, running (items erased so far) or done.',
  roles: ['admin'],
  params: { erasureId },
  responses: { 200: erasureJobSchema, 404: 'No such erasure.' },
  table: { operations: ['GetItem'] },
} as const satisfies RouteDefinition;
