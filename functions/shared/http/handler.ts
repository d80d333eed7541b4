import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { type Env, httpConfig, readVariable } from '../config.js';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../errors.js';
import { logger, metrics } from '../observability.js';
import { hasAnyRole, type Principal, principalFromClaims, type Role } from '../principal.js';
import { inSettingsRequest } from '../settings-cache.js';
import { HttpError, toProblem } from './problem.js';
import { zodIssuesToFieldErrors } from './validation.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = { statusCode: number; body?: unknown; headers?: Record<string, string> };

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** How long before the function's own timeout a request gives up with a 503 (`httpConfig`). */
/** Seconds a client is asked to wait (`Retry-After`) after a 503 for a missed deadline. */
export const DEADLINE_RETRY_AFTER_SECONDS = 2;

export function deadlineMarginMs(env: Env = process.env): number {
  return readVariable(httpConfig.variables.deadlineMarginMs, env);
}

/** What a request that ran out of time answers: 503, retry later. */
export function deadlineExceeded(): HttpError {
  return new HttpError(
    503,
    'DEADLINE_EXCEEDED',
    'Service unavailable',
    'The request could not finish in time; nothing may have changed, or it may have. Retry it (with the same Idempotency-Key where the route takes one).',
    [],
    { 'retry-after': String(DEADLINE_RETRY_AFTER_SECONDS) },
  );
}

const anonymous: Principal = { id: 'anonymous', roles: new Set() };

export interface HttpRequest<TBody, TQuery, TPath = Readonly<Record<string, string>>> {
  readonly principal: Principal;
  readonly body: TBody;
  readonly query: TQuery;
  /** The path parameters, each checked against the route's schema. */
  readonly path: TPath;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly context: Context;
}

type PathSchemas = Readonly<Record<string, z.ZodMiniType<string>>>;

/** A request schema as a route gives it: the function that builds it. */
type SchemaBuilder = () => z.ZodMiniType;

interface Options<
  TBody extends SchemaBuilder | undefined,
  TQuery extends SchemaBuilder | undefined,
  TParams extends PathSchemas | undefined,
> {
  /** Roles allowed to call the route (any other caller gets 403), or `public` for no token at all. */
  readonly roles: readonly Role[] | 'public';
  /** The route's path parameters and their schemas. */
  readonly params?: TParams;
  readonly body?: TBody;
  readonly query?: TQuery;
  readonly maxBodyBytes?: number;
}

type Parsed<T> = T extends () => infer S ? (S extends z.ZodMiniType ? z.output<S> : undefined) : undefined;
type ParsedPath<P> = P extends PathSchemas
  ? { readonly [K in keyof P]: z.output<P[K]> }
  : Record<string, never>;

/**
 * Builds a middy-wrapped API Gateway (HTTP API, payload v2) handler: authentication from the
 * JWT authorizer's claims, role check, JSON body limits and parsing, zod validation of body and
 * query (every bad field reported), one error mapping to problem+json at the edge, and a
 * deadline: a request still running the deadline margin (`httpConfig`, default 1 s) before the
 * function's timeout (the Lambda context's remaining time) answers 503 with `Retry-After`
 * instead of letting Lambda kill it (which API Gateway turns into a bare 500). Powertools'
 * middlewares put the Lambda context (request id, cold start) into every log line and flush the
 * metrics after each request, a `ColdStart` metric included. No tracer: tracing is X-Ray's own
 * (active tracing on every function); the Powertools tracer would add its SDK to every bundle.
 */
export function httpHandler<
  TBody extends SchemaBuilder | undefined = undefined,
  TQuery extends SchemaBuilder | undefined = undefined,
  TParams extends PathSchemas | undefined = undefined,
>(
  options: Options<TBody, TQuery, TParams>,
  fn: (request: HttpRequest<Parsed<TBody>, Parsed<TQuery>, ParsedPath<TParams>>) => Promise<HttpResult>,
) {
  // Built when the handler is made: the function builds its own route's schemas and no other.
  const bodySchema = options.body?.();
  const querySchema = options.query?.();
  const base = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyResultV2> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const principal =
      options.roles === 'public'
        ? anonymous
        : principalFromClaims(event.requestContext?.authorizer?.jwt?.claims);
    if (!principal) throw new UnauthorizedError();
    if (options.roles !== 'public' && !hasAnyRole(principal, options.roles)) throw new ForbiddenError();

    const headers = lowerCaseHeaders(event.headers);
    const body = bodySchema
      ? parseJsonBody(event, headers, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
      : undefined;
    const errors = [];
    const parsedPath: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries<z.ZodMiniType<string>>(options.params ?? {})) {
      const result = schema.safeParse(event.pathParameters?.[name]);
      if (result.success) parsedPath[name] = result.data;
      else errors.push(...zodIssuesToFieldErrors(result.error.issues, name));
    }
    let parsedBody: unknown;
    if (bodySchema) {
      const result = bodySchema.safeParse(body ?? undefined);
      if (result.success) parsedBody = result.data;
      else errors.push(...zodIssuesToFieldErrors(result.error.issues));
    }
    let parsedQuery: unknown;
    if (querySchema) {
      const result = querySchema.safeParse(event.queryStringParameters ?? {});
      if (result.success) parsedQuery = result.data;
      else errors.push(...zodIssuesToFieldErrors(result.error.issues, 'query'));
    }
    if (errors.length > 0) throw new ValidationError(errors);

    // One request: the configurations it reads share one read of their version item.
    const result = await inSettingsRequest(() =>
      fn({
        principal,
        body: parsedBody as Parsed<TBody>,
        query: parsedQuery as Parsed<TQuery>,
        path: parsedPath as ParsedPath<TParams>,
        headers,
        requestId,
        context,
      }),
    );
    return jsonResponse(result.statusCode, result.body, result.headers);
  };
  return middy<HttpEvent, APIGatewayProxyResultV2>(base, {
    // middy races the handler against the context's remaining time minus this margin.
    timeoutEarlyInMillis: deadlineMarginMs(),
    timeoutEarlyResponse: () => {
      throw deadlineExceeded();
    },
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(problemDetails());
}

/** The error-mapping middleware: the one place where errors become HTTP responses. */
export function problemDetails(): middy.MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      const requestId =
        request.event?.requestContext?.requestId ?? request.context?.awsRequestId ?? 'unknown';
      const body = toProblem(request.error, requestId);
      if (body.status >= 500) {
        logger.error('Unhandled error', { requestId, error: request.error as Error });
      }
      const extra =
        request.error instanceof HttpError
          ? request.error.headers
          : request.error instanceof TooManyRequestsError
            ? { 'retry-after': String(request.error.retryAfterSeconds) }
            : {};
      request.response = {
        statusCode: body.status,
        headers: { ...extra, 'content-type': 'application/problem+json' },
        body: JSON.stringify(body),
      };
    },
  };
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResultV2 {
  if (body === undefined) return { statusCode, headers };
  if (typeof body === 'string' && headers['content-type'] !== undefined) return { statusCode, headers, body };
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

function lowerCaseHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[key.toLowerCase()] = value;
  }
  return out;
}

function parseJsonBody(event: HttpEvent, headers: Record<string, string>, maxBytes: number): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBytes) {
    throw new HttpError(
      413,
      'PAYLOAD_TOO_LARGE',
      'Payload too large',
      `The body may hold at most ${maxBytes} bytes.`,
    );
  }
  const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== 'application/json' && !contentType.endsWith('+json')) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Unsupported media type',
      'Send the body as application/json.',
    );
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'Malformed JSON', 'The body is not valid JSON.', [
      { path: '', message: 'The body is not valid JSON.' },
    ]);
  }
}
