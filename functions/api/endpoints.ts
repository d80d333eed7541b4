import type { RouteDefinition } from '../shared/http/route.js';
import { noTable } from '../shared/manifest.js';
import { healthSchema, htmlPageSchema, openApiDocumentSchema } from './contracts/common.js';

/** The API's own documents: no data, no configuration. */
export const getHealth = {
  method: 'GET',
  path: '/v1/health',
  handler: 'functions/api/handlers/get-health.ts',
  summary: 'Liveness check.',
  roles: 'public',
  responses: { 200: healthSchema },
  table: noTable,
} as const satisfies RouteDefinition;

export const getOpenApi = {
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
  table: noTable,
} as const satisfies RouteDefinition;

export const getDocs = {
  method: 'GET',
  path: '/v1/docs',
  handler: 'functions/api/handlers/get-docs.ts',
  summary: 'A rendered reference of this API (HTML).',
  roles: 'public',
  responses: { 200: { description: 'An HTML page.', mediaType: 'text/html', schema: htmlPageSchema } },
  table: noTable,
} as const satisfies RouteDefinition;
