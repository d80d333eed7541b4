import { getAfterSalesPolicy, putAfterSalesPolicy } from '../after-sales/routes.js';
import { getClassifier, putClassifier } from '../classification/routes.js';
import { applyMacro, deleteMacro, getMacro, getTicket, listMacros, putMacro } from '../macros/routes.js';
import { getOrder, listOrders, putOrder } from '../orders/routes.js';
import { eraseCustomer, exportCustomerData, exportMyData, getErasure } from '../privacy/routes.js';
import { getReportSummary } from '../reports/routes.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { listSlaPolicies, putSlaPolicy } from '../sla/routes.js';
import {
  getRoutingRules,
  getStaff,
  getTeam,
  listStaff,
  listTeams,
  putMyAvailability,
  putRoutingRules,
  putStaff,
  putTeam,
} from '../staff/routes.js';
import {
  answerSurvey,
  createTicket,
  listTickets,
  performAction,
  postMessage,
  rateTicket,
} from '../tickets/routes.js';
import { getRefundAttempt } from '../tickets/workflows/refund/routes.js';
import { recordReturnDelivery } from '../tickets/workflows/return/routes.js';
import { getDocs, getHealth, getOpenApi } from './endpoints.js';

export type { MediaResponse, RouteDefinition } from '../shared/http/route.js';

/**
 * Every HTTP route of the public API, gathered from the contexts' `routes.ts` (in the order the
 * documentation lists them) for the OpenAPI document, the CDK HTTP API and the local router.
 * Handlers never import this module: each imports its own route from its context, and so
 * bundles only its context's schemas.
 */
export const routes = {
  getHealth,
  getOpenApi,
  getDocs,
  putOrder,
  getOrder,
  listOrders,
  createTicket,
  listTickets,
  getTicket,
  postMessage,
  applyMacro,
  getRefundAttempt,
  recordReturnDelivery,
  performAction,
  rateTicket,
  answerSurvey,
  listSlaPolicies,
  putSlaPolicy,
  getAfterSalesPolicy,
  putAfterSalesPolicy,
  getClassifier,
  putClassifier,
  listMacros,
  getMacro,
  putMacro,
  deleteMacro,
  getReportSummary,
  exportCustomerData,
  exportMyData,
  eraseCustomer,
  getErasure,
  listStaff,
  putMyAvailability,
  getStaff,
  putStaff,
  listTeams,
  getTeam,
  putTeam,
  getRoutingRules,
  putRoutingRules,
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof routes;
export const routeList: readonly (RouteDefinition & { name: RouteName })[] = Object.entries(routes).map(
  ([name, route]) => ({ ...(route as RouteDefinition), name: name as RouteName }),
);
