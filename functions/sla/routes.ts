import * as z from 'zod/mini';
import type { RouteDefinition } from '../shared/http/route.js';
import {
  policyIdSchema,
  putSlaPolicyRequestSchema,
  slaPolicyListSchema,
  slaPolicySchema,
} from './contracts/policy.js';

export const listSlaPolicies = {
  method: 'GET',
  path: '/v1/sla-policies',
  handler: 'functions/sla/handlers/list-policies.ts',
  summary: 'The SLA policies in force, in matching order (seeded defaults included).',
  roles: ['admin', 'supervisor'],
  responses: { 200: slaPolicyListSchema },
  table: { operations: ['Query'], keys: ['SLAPOLICIES'] },
} as const satisfies RouteDefinition;

export const putSlaPolicy = {
  method: 'PUT',
  path: '/v1/sla-policies/{policyId}',
  handler: 'functions/sla/handlers/put-policy.ts',
  summary: 'Create or replace an SLA policy; open tickets move onto it at once.',
  roles: ['admin'],
  params: { policyId: policyIdSchema().check(z.describe('The SLA policy id.')) },
  body: putSlaPolicyRequestSchema,
  responses: { 200: slaPolicySchema },
  // Reads the policies, then a version-conditioned put with the bump of the version item (the
  // stream re-applies it to tickets).
  table: {
    operations: ['Query', 'TransactWriteItems', 'PutItem', 'UpdateItem'],
    keys: ['SLAPOLICIES', 'SETTINGS'],
  },
} as const satisfies RouteDefinition;
