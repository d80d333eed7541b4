import * as z from 'zod/mini';
import { gatewayMessageSchema, pathParameterSchema, problemSchema } from './contracts/common.js';
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
  429: 'Too many requests: the stage throttles (API Gateway answers `{"message": "Too Many Requests"}`); retry later.',
  500: 'Internal error; quote the request id.',
  503: 'Did not finish in time (deadline before the function timeout): retry after `Retry-After` seconds, with the same Idempotency-Key where the route takes one.',
};

/** Named schemas (zod `.meta({ id })`) hoisted into components.schemas while documents are built. */
let components: Record<string, JsonObject> = {};

/**
 * A tuple whose members share one schema (`prefixItems` + `items: false`, as zod writes
 * `z.tuple([a, a])`) becomes an array of exactly that many such items: the same values, in a
 * shape that common OpenAPI tools (code generators, validating proxies) accept.
 */
function plainTuples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plainTuples);
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = plainTuples(value);
  const members = out.prefixItems;
  if (Array.isArray(members) && members.length > 0 && out.items === false) {
    const first = JSON.stringify(members[0]);
    if (members.every((member) => JSON.stringify(member) === first)) {
      delete out.prefixItems;
      out.items = members[0];
      out.minItems = members.length;
      out.maxItems = members.length;
    }
  }
  return out;
}

function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonObject {
  const raw = JSON.stringify(z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }));
  const json = plainTuples(JSON.parse(raw.replaceAll('"#/$defs/', '"#/components/schemas/'))) as JsonObject;
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

/** Statuses API Gateway itself may answer, with its `{"message": ...}` body, before or instead of the function. */
const gatewayStatuses = new Set([401, 413, 429, 500, 503]);

/**
 * The error statuses of a route, each with a problem+json body: every route may be throttled
 * (429), fail (500) or miss its deadline (503), and refuses a body that is too large (413) or
 * not JSON (415); input is checked (400); signed-in routes add 401/403/404, and writes 409/422.
 */
function errorStatuses(route: RouteDefinition): number[] {
  const statuses = new Set([413, 415, 429, 500, 503]);
  const hasPathParameters = route.path.includes('{');
  if (route.body || route.query || hasPathParameters) statuses.add(400);
  if (hasPathParameters) statuses.add(404);
  if (route.roles !== 'public') {
    for (const status of [401, 403, 404]) statuses.add(status);
    if (route.method === 'POST' || route.method === 'PUT')
      for (const status of [409, 422]) statuses.add(status);
  }
  return [...statuses].sort();
}

/**
 * An error response. A 429 the route declares itself is the application's own per-caller limit
 * (problem+json with `Retry-After`) besides API Gateway's throttle; any other 429 is only the
 * gateway's.
 */
function problemResponse(status: number, description: string | undefined): JsonObject {
  const problem = { schema: { $ref: '#/components/schemas/Problem' } };
  const ownLimit = status === 429 && description !== undefined;
  const content: JsonObject =
    status === 429 && !ownLimit
      ? { 'application/json': { schema: { $ref: '#/components/schemas/GatewayMessage' } } }
      : gatewayStatuses.has(status)
        ? {
            'application/problem+json': problem,
            'application/json': { schema: { $ref: '#/components/schemas/GatewayMessage' } },
          }
        : { 'application/problem+json': problem };
  return {
    description: description ?? problemStatuses[status],
    ...(status === 503 || ownLimit
      ? {
          headers: {
            'Retry-After': {
              description: 'Seconds to wait before retrying.',
              schema: { type: 'integer', minimum: 0 },
            },
          },
        }
      : {}),
    content,
  };
}

function operation(route: RouteDefinition & { name: string }): JsonObject {
  const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => {
    const name = match[1] ?? '';
    const { description, ...schema } = schemaOf(route.params?.[name] ?? pathParameterSchema, 'input');
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
  });
  const queryParameters = route.query
    ? Object.entries((schemaOf(route.query(), 'input').properties ?? {}) as Record<string, JsonObject>).map(
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
    if (Number(status) >= 400) {
      responses[status] = problemResponse(
        Number(status),
        typeof response === 'string' ? response : undefined,
      );
    } else if (typeof response === 'string' || response === null) {
      responses[status] = { description: response ?? 'No content.' };
    } else if ('mediaType' in response) {
      responses[status] = {
        description: response.description,
        content: {
          [response.mediaType]: { schema: schemaOf(response.schema, 'output') },
          ...Object.fromEntries(
            Object.entries(response.alternatives ?? {}).map(([mediaType, schema]) => [
              mediaType,
              { schema: schemaOf(schema, 'output') },
            ]),
          ),
        },
      };
    } else {
      const schema = typeof response === 'function' ? response() : response;
      responses[status] = {
        description: 'Success.',
        content: { 'application/json': { schema: schemaOf(schema, 'output') } },
      };
    }
  }
  for (const status of errorStatuses(route)) {
    // A route's own description of an error status (e.g. the survey's 401) stands.
    responses[String(status)] ??= problemResponse(status, undefined);
  }
  return {
    operationId: route.name,
    summary: route.summary,
    ...(route.roles === 'public'
      ? { security: [] }
      : { description: `Roles: ${route.roles.join(', ')}.`, security: [{ bearerAuth: [] }] }),
    parameters: [...parameters, ...queryParameters, ...headerParameters],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body(), 'input') } },
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
  const gatewayMessage = schemaOf(gatewayMessageSchema, 'output');
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
      schemas: {
        ...components,
        Problem: components.Problem ?? problem,
        GatewayMessage: components.GatewayMessage ?? gatewayMessage,
      },
    },
  };
  return cached;
}
