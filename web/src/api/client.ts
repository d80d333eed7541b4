import createClient, { type Middleware } from 'openapi-fetch';
import { loadSession } from '../session.js';
import type { components, paths } from './schema.js';

export type Ticket = components['schemas']['Ticket'];
export type TicketSummary = components['schemas']['TicketSummary'];
export type TimelineEvent = components['schemas']['TimelineEvent'];
export type CustomerTicket = components['schemas']['CustomerTicket'];
export type CustomerTicketSummary = components['schemas']['CustomerTicketSummary'];
export type CustomerTimelineEvent = components['schemas']['CustomerTimelineEvent'];
/** What the ticket routes answer: staff get the whole `Ticket`, customers their `CustomerTicket`. */
export type AnyTicket = Ticket | CustomerTicket;
export type AnyTimelineEvent = TimelineEvent | CustomerTimelineEvent;

/** The desk's view of a ticket (a customer's has no priority). */
export function isStaffTicket(ticket: AnyTicket): ticket is Ticket {
  return 'priority' in ticket;
}

/** The desk's view of a timeline entry (a customer's has no visibility or actor id). */
export function isStaffEvent(event: AnyTimelineEvent): event is TimelineEvent {
  return 'visibility' in event;
}

/** A list entry of the desk's views (a customer's own list has no priority). */
export function isStaffSummary(entry: TicketSummary | CustomerTicketSummary): entry is TicketSummary {
  return 'priority' in entry;
}
export type Order = components['schemas']['Order'];
export type OrderSummary = components['schemas']['OrderSummary'];
export type Problem = components['schemas']['Problem'];
export type ActionRequest = components['schemas']['ActionRequest'];
export type ActionName = ActionRequest['action'];
export type CreateTicketRequest = components['schemas']['CreateTicketRequest'];
export type TicketType = CreateTicketRequest['type'];
export type Reason = CreateTicketRequest['reason'];

/**
 * The sign-in service: Cognito's Hosted UI on AWS, the local issuer with `npm start`. Both speak
 * the same OAuth subset (web/src/auth.ts).
 */
export interface SignInSettings {
  /** The ID token's `iss`: the user pool's URL, or `redress-local`. */
  readonly issuer: string;
  /** Base URL of `/oauth2/*` and `/logout` (the Cognito domain); empty for the console's own origin. */
  readonly domain: string;
  readonly clientId: string;
  /** How the ID token is signed (RS256 by Cognito, HS256 by the local issuer). */
  readonly idTokenAlgorithm: string;
}

/** The runtime configuration: `/config.json`, written by the deployment (or the local server). */
export interface ConsoleConfig {
  /** Base URL of the API; empty for the same origin. */
  readonly apiUrl: string;
  /** Where users sign in; null when the configuration names none. */
  readonly signIn: SignInSettings | null;
}

const text = (value: unknown): value is string => typeof value === 'string';

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  const raw = response.ok ? ((await response.json()) as Record<string, unknown>) : {};
  const signIn = (raw.signIn ?? {}) as Record<string, unknown>;
  return {
    apiUrl: text(raw.apiUrl) ? raw.apiUrl.replace(/\/$/, '') : '',
    signIn:
      text(signIn.issuer) && text(signIn.domain) && text(signIn.clientId) && text(signIn.idTokenAlgorithm)
        ? {
            issuer: signIn.issuer,
            domain: signIn.domain.replace(/\/$/, ''),
            clientId: signIn.clientId,
            idTokenAlgorithm: signIn.idTokenAlgorithm,
          }
        : null,
  };
}

const auth: Middleware = {
  onRequest({ request }) {
    const session = loadSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
};

export type Api = ReturnType<typeof createApi>;

/** The typed client: paths, parameters, bodies and answers all come from the OpenAPI document. */
export function createApi(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  client.use(auth);
  return client;
}

/** A problem+json body (or API Gateway's `{message}`) as one shape the pages show. */
export function toProblem(error: unknown, status: number): Problem {
  if (error && typeof error === 'object' && 'code' in error && 'detail' in error) return error as Problem;
  const message =
    error && typeof error === 'object' && 'message' in error ? String(error.message) : `HTTP ${status}`;
  return { type: 'about:blank', title: message, status, detail: message, code: `HTTP_${status}` };
}

/** A random Idempotency-Key for one submission of a form (kept across its retries). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
