import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type RouteDefinition, routeList } from '../functions/api/routes.js';
import { receiveEmail } from '../functions/email/compose.js';
import { notificationsConfig } from '../functions/notifications/config.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from '../lib/config/http.js';
import { serveConsole } from '../web/tools/serve.js';
import {
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  type LocalIssuer,
  type TokenRequest,
  tokenRequestErrors,
} from './auth.js';
import type { PublishedEvent } from './emulators.js';
import { lambdaContext, loadHandler } from './lambda.js';
import { LocalAuthorizationServer, type OAuthAnswer, pageSecurityPolicy } from './oauth.js';
import { type GatewayMode, gatewayModes, type PartnerSimulators } from './partners.js';
import type { QueueFaults } from './pollers.js';
import { portInUse } from './ports.js';
import type { RouteThrottles } from './throttle.js';

/** API Gateway's own payload cap; the handlers apply the API's smaller limit themselves. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key';

interface CompiledRoute {
  readonly route: RouteDefinition & { name: string };
  readonly pattern: RegExp;
  readonly params: string[];
}

const compiled: CompiledRoute[] = routeList.map((route) => {
  const params: string[] = [];
  const source = route.path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
});

export interface ApiServerOptions {
  readonly port: number;
  readonly issuer: LocalIssuer;
  readonly sesEndpoint: string;
  readonly busEvents: readonly PublishedEvent[];
  readonly log: (message: string) => void;
  readonly partners: PartnerSimulators;
  /** Lost queue messages on demand, for fault tests. */
  readonly faults?: QueueFaults;
  /** The HTTP functions' timeout; default HTTP_FUNCTION_TIMEOUT_SECONDS, as on AWS. */
  readonly functionTimeoutMs?: number;
  /** API Gateway's route throttles, applied as the stage deploys them; none when absent. */
  readonly throttles?: RouteThrottles;
}

function problem(
  response: ServerResponse,
  status: number,
  code: string,
  title: string,
  detail: string,
  extra = {},
) {
  response.writeHead(status, { 'content-type': 'application/problem+json' });
  response.end(
    JSON.stringify({
      type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      detail,
      code,
      ...extra,
    }),
  );
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The local stand-in for API Gateway (HTTP API) with its JWT authorizer: it matches the route,
 * verifies the bearer token, builds a payload-v2 event and calls the very handler module that
 * Lambda runs. It also serves the local-only `/_local/*` routes.
 */
export async function startApiServer(options: ApiServerOptions): Promise<{ url: string; server: Server }> {
  const authorization = new LocalAuthorizationServer(options.issuer);
  const server = createServer((request, response) => {
    handle(request, response, options, authorization).catch((error: Error) => {
      options.log(`api: ${error.stack ?? error.message}`);
      if (!response.headersSent)
        problem(response, 500, 'INTERNAL_ERROR', 'Internal error', 'The local API failed.');
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(portInUse(options.port)) : error);
    });
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, server };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: ApiServerOptions,
  authorization: LocalAuthorizationServer,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = (request.method ?? 'GET').toUpperCase();
  const origin = request.headers.origin;
  if (origin && LOCAL_ORIGIN.test(origin)) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'Origin');
    response.setHeader('access-control-expose-headers', 'Content-Type');
  }
  if (method === 'OPTIONS') {
    if (origin && LOCAL_ORIGIN.test(origin)) {
      response.setHeader('access-control-allow-methods', 'GET, PUT, POST, DELETE, OPTIONS');
      response.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
      response.setHeader('access-control-max-age', '600');
    }
    response.writeHead(204);
    response.end();
    return;
  }
  const body = await readBody(request);
  if (body === 'too-large') {
    problem(response, 413, 'PAYLOAD_TOO_LARGE', 'Payload too large', 'The request body is too large.');
    return;
  }
  if (url.pathname.startsWith('/_local/')) {
    await handleLocal(url, method, body, request, response, options);
    return;
  }
  if (url.pathname.startsWith('/oauth2/') || url.pathname === '/logout') {
    await handleOAuth(url, method, body, request, response, authorization);
    return;
  }
  // The web console (web/dist) on the same origin, with its SPA fallback.
  if ((method === 'GET' || method === 'HEAD') && !url.pathname.startsWith('/v1/')) {
    if (serveConsole(url.pathname, method, response, consoleConfig)) return;
  }

  const candidates = compiled.filter((c) => c.pattern.test(url.pathname));
  const match = candidates.find((c) => c.route.method === method);
  if (!match) {
    if (candidates.length > 0)
      problem(response, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', `${method} is not served here.`);
    else problem(response, 404, 'NOT_FOUND', 'Not found', `No route for ${method} ${url.pathname}.`);
    return;
  }
  // API Gateway throttles a route before its authorizer runs, with its own body.
  if (options.throttles && !options.throttles.take(match.route)) {
    json(response, 429, { message: 'Too Many Requests' });
    return;
  }
  const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
  const pathParameters = Object.fromEntries(
    match.params.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]),
  );

  let claims: Record<string, string> | undefined;
  if (match.route.roles !== 'public') {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    claims = token ? await options.issuer.verify(token) : undefined;
    if (!claims) {
      problem(response, 401, 'UNAUTHORIZED', 'Unauthorized', 'A valid bearer token is required.');
      return;
    }
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const requestId = randomUUID();
  const now = new Date();
  const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
    version: '2.0',
    routeKey: `${match.route.method} ${match.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(match.params.length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: `${match.route.method} ${match.route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    body: body.length > 0 ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;

  const handler = await loadHandler(match.route.handler);
  // Like Lambda, the function gets its configured timeout (the handler answers 503 a margin
  // before it); a handler still running at the timeout is given up, as Lambda would stop it.
  // In this one process it cannot be stopped: it may still finish its work unseen.
  const timeoutMs = options.functionTimeoutMs ?? HTTP_FUNCTION_TIMEOUT_SECONDS * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  const result = await Promise.race([
    handler(event, lambdaContext(match.route.name, timeoutMs)) as Promise<APIGatewayProxyStructuredResultV2>,
    timedOut,
  ]).finally(() => clearTimeout(timer));
  if (result === 'timed-out') {
    options.log(`api: ${match.route.name} timed out after ${timeoutMs} ms`);
    problem(
      response,
      500,
      'INTERNAL_ERROR',
      'Internal error',
      `The function timed out after ${timeoutMs} ms (on AWS, API Gateway answers a bare 500 here).`,
    );
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  response.setHeader('apigw-requestid', requestId);
  response.writeHead(result.statusCode ?? 200);
  response.end(result.body ?? '');
}

/**
 * The console's `/config.json` here: the API and the issuer's OAuth endpoints (local/oauth.ts)
 * are the console's own origin; the local issuer signs its ID tokens with HS256 (Cognito: RS256).
 */
const consoleConfig = {
  apiUrl: '',
  signIn: { issuer: LOCAL_ISSUER, domain: '', clientId: LOCAL_CLIENT_ID, idTokenAlgorithm: 'HS256' },
};

/**
 * Where the local issuer may send a browser back to: the console's `/signin` on this server (by
 * either local name) and under APP_URL, as the Cognito app client lists its callback URLs.
 */
function consoleCallbacks(request: IncomingMessage): string[] {
  const port = request.socket.localPort;
  const appUrl = process.env[notificationsConfig.variables.appUrl.name]?.replace(/\/$/, '');
  return [
    `http://127.0.0.1:${port}/signin`,
    `http://localhost:${port}/signin`,
    ...(appUrl ? [`${appUrl}/signin`] : []),
  ];
}

function sendOAuth(response: ServerResponse, answer: OAuthAnswer): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (answer.kind !== 'json' && answer.setCookie) headers['set-cookie'] = answer.setCookie;
  if (answer.kind === 'redirect') {
    response.writeHead(302, { ...headers, location: answer.location });
    response.end();
  } else if (answer.kind === 'page') {
    response.writeHead(answer.status, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': pageSecurityPolicy,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    response.end(answer.html);
  } else {
    response.writeHead(answer.status, { ...headers, 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  }
}

/** The local issuer's OAuth endpoints, the subset of Cognito's that the console uses (local/oauth.ts). */
async function handleOAuth(
  url: URL,
  method: string,
  body: Buffer,
  request: IncomingMessage,
  response: ServerResponse,
  authorization: LocalAuthorizationServer,
): Promise<void> {
  const form = () => new URLSearchParams(body.toString('utf8'));
  const callbacks = consoleCallbacks(request);
  const cookie = request.headers.cookie;
  if (url.pathname === '/oauth2/authorize' && method === 'GET')
    return sendOAuth(response, authorization.authorize(url.searchParams, callbacks, cookie));
  if (url.pathname === '/oauth2/authorize' && method === 'POST')
    return sendOAuth(response, authorization.pick(form(), callbacks));
  if (url.pathname === '/oauth2/token' && method === 'POST')
    return sendOAuth(response, await authorization.token(form()));
  if (url.pathname === '/oauth2/revoke' && method === 'POST')
    return sendOAuth(response, authorization.revoke(form()));
  if (url.pathname === '/logout' && method === 'GET')
    return sendOAuth(response, authorization.logout(url.searchParams, callbacks, cookie));
  problem(response, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', `${method} is not served here.`);
}

async function handleLocal(
  url: URL,
  method: string,
  body: Buffer,
  request: IncomingMessage,
  response: ServerResponse,
  options: ApiServerOptions,
): Promise<void> {
  if (method === 'POST' && url.pathname === '/_local/token') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8') || 'null');
    } catch {
      problem(response, 400, 'MALFORMED_JSON', 'Malformed JSON', 'The body is not valid JSON.');
      return;
    }
    const errors = tokenRequestErrors(parsed);
    if (errors.length > 0) {
      problem(response, 400, 'VALIDATION_FAILED', 'Invalid request', 'The request has invalid fields.', {
        errors,
      });
      return;
    }
    json(response, 200, { token: await options.issuer.issue(parsed as TokenRequest) });
    return;
  }
  if (method === 'GET' && url.pathname === '/_local/emails') {
    const store = (await (await fetch(`${options.sesEndpoint}/store`)).json()) as {
      emails: {
        destination: { to: string[] };
        replyTo?: string[];
        subject: string;
        body: { text?: string; html?: string };
        at: number;
      }[];
    };
    json(response, 200, {
      emails: store.emails.map((email) => ({
        to: email.destination.to,
        replyTo: email.replyTo ?? [],
        subject: email.subject,
        text: email.body.text ?? null,
        html: email.body.html ?? null,
        at: new Date(email.at * 1000).toISOString(),
      })),
    });
    return;
  }
  if (method === 'POST' && url.pathname === '/_local/inbound-email') {
    // What SES receiving does on AWS (S3, then the inbound-email function), without either: the
    // raw message goes straight to the same use case. The sender counts as authenticated (no
    // SPF/DKIM/DMARC here); envelope recipients may be given as `?to=a@x,b@y`.
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'message/rfc822') {
      problem(
        response,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported media type',
        'Send the raw mail with Content-Type: message/rfc822.',
      );
      return;
    }
    if (body.length === 0) {
      problem(response, 400, 'VALIDATION_FAILED', 'Invalid request', 'The body is empty.', {
        errors: [{ path: 'body', message: 'A raw RFC 822 message.' }],
      });
      return;
    }
    const to = url.searchParams.get('to');
    const outcome = await (await receiveEmail())({
      raw: new Uint8Array(body),
      authenticated: true,
      ...(to ? { envelopeRecipients: to.split(',') } : {}),
    });
    json(response, 200, outcome);
    return;
  }
  const partners = options.partners;
  const headers = Object.fromEntries(Object.entries(request.headers));
  if (method === 'POST' && url.pathname === '/_local/gateway/refunds') {
    const answer = partners.refund(headers, body.toString('utf8'));
    // A lost answer: paid, but the response never comes; the caller times out and hangs up.
    if (answer === 'lost') return;
    json(response, answer.status, answer.body);
    return;
  }
  const lookup = /^\/_local\/gateway\/refunds\/([^/]+)$/.exec(url.pathname);
  if (method === 'GET' && lookup) {
    // Signed by the payment adapter; an unsigned read (curl) is let through, a bad signature is not.
    if (
      request.headers['x-redress-signature'] &&
      !partners.verifiedRead(headers, `${url.pathname}${url.search}`)
    ) {
      json(response, 401, { error: 'bad signature' });
      return;
    }
    const paid = partners.paymentFor(decodeURIComponent(lookup[1] ?? ''));
    if (!paid) json(response, 404, { status: 'not_found' });
    else
      json(response, 200, {
        id: paid.id,
        idempotencyKey: paid.idempotencyKey,
        amount: paid.amount,
        currency: paid.currency,
        status: 'paid',
      });
    return;
  }
  if (method === 'POST' && url.pathname === '/_local/gateway/behaviour') {
    const wanted = JSON.parse(body.toString('utf8') || '{}') as { mode?: string; times?: number };
    if (!gatewayModes.includes(wanted.mode as GatewayMode)) {
      problem(
        response,
        400,
        'VALIDATION_FAILED',
        'Invalid request',
        `mode must be one of ${gatewayModes.join(', ')}.`,
        {
          errors: [{ path: 'mode', message: `One of ${gatewayModes.join(', ')}.` }],
        },
      );
      return;
    }
    partners.setBehaviour(wanted.mode as GatewayMode, wanted.times);
    json(response, 200, { mode: wanted.mode, times: wanted.times ?? null });
    return;
  }
  if (method === 'GET' && url.pathname === '/_local/gateway/refunds') {
    json(response, 200, { refunds: partners.payments, calls: partners.paymentCalls });
    return;
  }
  if (method === 'POST' && url.pathname === '/_local/carrier/pickups') {
    const answer = partners.bookPickup(headers, body.toString('utf8'));
    json(response, answer.status, answer.body);
    return;
  }
  const drop = /^\/_local\/queues\/([a-z-]+)\/drop$/.exec(url.pathname);
  if (method === 'POST' && drop && options.faults) {
    const times = Number((JSON.parse(body.toString('utf8') || '{}') as { times?: unknown }).times ?? 1);
    if (!Number.isInteger(times) || times < 1 || times > 1000) {
      problem(response, 400, 'VALIDATION_FAILED', 'Invalid request', 'times must be an integer 1–1000.', {
        errors: [{ path: 'times', message: 'An integer from 1 to 1000.' }],
      });
      return;
    }
    options.faults.drop(drop[1] ?? '', times);
    json(response, 200, { queue: drop[1], dropping: times });
    return;
  }
  if (method === 'POST' && url.pathname === '/_local/carrier/delivered') {
    // The courier delivered a return parcel to the shop: relayed to the API the way a shop
    // platform relays a carrier's webhook (an integration token, POST /v1/returns/deliveries).
    let parsed: { trackingNumber?: unknown; carrier?: unknown; deliveredAt?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      problem(response, 400, 'MALFORMED_JSON', 'Malformed JSON', 'The body is not valid JSON.');
      return;
    }
    const token = await options.issuer.issue({ sub: 'carrier-simulator', groups: ['integrations'] });
    const relayed = await fetch(`http://127.0.0.1:${request.socket.localPort}/v1/returns/deliveries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        carrier: parsed.carrier ?? 'local-courier',
        trackingNumber: parsed.trackingNumber,
        ...(parsed.deliveredAt ? { deliveredAt: parsed.deliveredAt } : {}),
      }),
    });
    response.writeHead(relayed.status, {
      'content-type': relayed.headers.get('content-type') ?? 'application/json',
    });
    response.end(await relayed.text());
    return;
  }
  if (method === 'GET' && url.pathname === '/_local/carrier/pickups') {
    json(response, 200, { pickups: partners.pickups });
    return;
  }
  if (method === 'GET' && url.pathname === '/_local/events') {
    json(response, 200, { events: options.busEvents });
    return;
  }
  problem(response, 404, 'NOT_FOUND', 'Not found', `No local route for ${method} ${url.pathname}.`);
}
