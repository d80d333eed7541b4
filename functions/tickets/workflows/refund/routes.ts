import * as z from 'zod/mini';
import { refundAttemptSchema } from '../../../after-sales/contracts/policy.js';
import { idSchema } from '../../../shared/contracts.js';
import type { RouteDefinition } from '../../../shared/http/route.js';
import { staffRoles } from '../../../shared/principal.js';
import { ticketsConfig } from '../../config.js';
import { paymentGatewaySecret, refundsConfig } from './config.js';

export const getRefundAttempt = {
  method: 'GET',
  path: '/v1/tickets/{ticketId}/refund-attempt',
  handler: 'functions/tickets/workflows/refund/handlers/get-refund-attempt.ts',
  summary:
    "Staff: the payment gateway's state of the ticket's current refund attempt, looked up by its idempotency key.",
  roles: staffRoles,
  params: { ticketId: idSchema.check(z.describe('The ticket id.')) },
  responses: { 200: refundAttemptSchema },
  config: [ticketsConfig, refundsConfig],
  secrets: [paymentGatewaySecret],
  // The ticket: its item and detail item, one Query of its partition (ADR 23).
  table: { operations: ['Query'], keys: ['TICKET#*'] },
} as const satisfies RouteDefinition;
