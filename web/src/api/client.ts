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

/** The runtime configuration: `/config.json`, written by the deployment (or the local server). */
export interface ConsoleConfig {
  /** Base URL of the API; empty for the same origin. */
  readonly apiUrl: string;
  /** Whether the local issuer's demo sign-in is offered (`npm start` only). */
  readonly localSignIn: boolean;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  const raw = response.ok ? ((await response.json()) as Partial<ConsoleConfig>) : {};
  return {
    apiUrl: typeof raw.apiUrl === 'string' ? raw.apiUrl.replace(/\/$/, '') : '',
    localSignIn: raw.localSignIn === true,
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
