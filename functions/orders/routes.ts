import * as z from 'zod/mini';
import { idSchema } from '../shared/contracts.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { staffRoles } from '../shared/principal.js';
import {
  listOrdersQuerySchema,
  orderPageSchema,
  orderSchema,
  putOrderRequestSchema,
} from './contracts/order.js';

const orderId = idSchema.check(z.describe("The shop platform's order id."));

export const putOrder = {
  method: 'PUT',
  path: '/v1/orders/{orderId}',
  handler: 'functions/orders/handlers/put-order.ts',
  summary: 'Create or update the facts of an order (shop platform).',
  roles: ['integration'],
  params: { orderId },
  body: putOrderRequestSchema,
  responses: { 200: orderSchema, 201: orderSchema },
  // Reads the order with its lines, then one transaction: header and line updates, removed lines.
  table: { operations: ['Query', 'TransactWriteItems', 'UpdateItem', 'DeleteItem'], keys: ['ORDER#*'] },
} as const satisfies RouteDefinition;

export const getOrder = {
  method: 'GET',
  path: '/v1/orders/{orderId}',
  handler: 'functions/orders/handlers/get-order.ts',
  summary: "Read an order's facts and what is left to refund.",
  roles: ['customer', ...staffRoles, 'integration'],
  params: { orderId },
  responses: { 200: orderSchema },
  table: { operations: ['Query'], keys: ['ORDER#*'] },
} as const satisfies RouteDefinition;

export const listOrders = {
  method: 'GET',
  path: '/v1/orders',
  handler: 'functions/orders/handlers/list-orders.ts',
  summary: "List a customer's orders, newest first (customers their own; staff name the customer).",
  roles: ['customer', ...staffRoles],
  query: listOrdersQuerySchema,
  responses: { 200: orderPageSchema },
  // The order keys from the customer's index, their headers by key (BatchGetItem); a header saved
  // before it kept its lines' summary is read whole (Query of its partition).
  table: { operations: ['BatchGetItem', 'Query'], indexes: ['GSI1'], keys: ['ORDER#*'] },
} as const satisfies RouteDefinition;
