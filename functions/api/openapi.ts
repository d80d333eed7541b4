import { z } from 'zod';
import { problemSchema } from './contracts/common.js';
import { type RouteDefinition, routeList } from './routes.js';

type JsonObject = Record<string, unknown>;

const problemStatuses: Readonly<Record<number, string>> = {
  400: 'Invalid input: every offending field is listed in `errors`.',
  401: 'Missing or invalid bearer token.',
  403: 'Your role may not do this.',
  404: 'Not found, or not yours.',
  409: 'Conflict: the action does not fit the state (see `allowedActions`), a stale `version`, or a reused Idempotency-Key.',
  413: 'Body too large.',
  415: 'Body is not JSON.',
  422: 'A business rule refused the request (see `code`).',
  500: 'Internal error; quote the request id.',
  503: 'Did not finish in time (deadline before the function timeout): retry after `Retry-After` seconds, with the same Idempotency-Key where the route takes one.',
};

/** Named schemas (zod `.meta({ id })`) hoisted into components.schemas while documents are built. */
let components: Record<string, JsonObject> = {};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const raw = JSON.stringify(z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }));
  const json = JSON.parse(raw.replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonObject;
  const defs = (json.$defs ?? {}) as Record<string, JsonObject>;
  for (const [name, def] of Object.entries(defs)) {
    const known = components[name];
    if (known && JSON.stringify(known) !== JSON.stringify(def)) {
      throw new Error(`Schema ${name} differs between its uses; give the variants their own ids`);
    }
    components[name] = def;
  }
  delete json.$defs;
  delete json.$schema;
  return json;
}

function errorStatuses(route: RouteDefinition): number[] {
  if (route.roles === 'public') return [500, 503];
  const statuses = [400, 401, 403, 404, 500, 503];
  if (route.body) statuses.push(413, 415);
  if (route.method === 'POST' || route.method === 'PUT') statuses.push(409, 422);
  return statuses.sort();
}

function operation(route: RouteDefinition & { name: string }): JsonObject {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParameters = route.query
    ? Object.entries((schemaOf(route.query, 'input').properties ?? {}) as Record<string, JsonObject>).map(
        ([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
        }),
      )
    : [];
  const headerParameters = (route.headers ?? []).map((header) => ({
    name: header.name,
    in: 'header',
    required: false,
    description: header.description,
    schema: { type: 'string', maxLength: 255 },
  }));
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    if (typeof response === 'string' || response === null) {
      responses[status] = { description: response ?? 'No content.' };
    } else {
      responses[status] = {
        description: 'Success.',
        content: { 'application/json': { schema: schemaOf(response, 'output') } },
      };
    }
  }
  for (const status of errorStatuses(route)) {
    responses[String(status)] = {
      description: problemStatuses[status],
      ...(status === 503
        ? {
            headers: {
              'Retry-After': {
                description: 'Seconds to wait before retrying.',
                schema: { type: 'integer', minimum: 0 },
              },
            },
          }
        : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    operationId: route.name,
    summary: route.summary,
    ...(route.roles === 'public'
      ? { security: [] }
      : { description: `Roles: ${route.roles.join(', ')}.`, security: [{ bearerAuth: [] }] }),
    parameters: [...pathParameters, ...queryParameters, ...headerParameters],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

let cached: JsonObject | undefined;

/** The OpenAPI 3.1 document, generated from the route list and its zod schemas. */
export function openApiDocument(): JsonObject {
  if (cached) return cached;
  components = {};
  const problem = schemaOf(problemSchema, 'output');
  const paths: Record<string, JsonObject> = {};
  for (const route of routeList) {
    paths[route.path] ??= {};
    (paths[route.path] as JsonObject)[route.method.toLowerCase()] = operation(route);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Redress API',
      version: '1.0.0',
      description:
        'After-sales desk for online shops: refund, return, exchange, repair, complaint and inquiry tickets on SLA timers.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...components, Problem: components.Problem ?? problem },
    },
  };
  return cached;
}
