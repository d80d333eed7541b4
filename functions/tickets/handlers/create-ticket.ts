import { httpHandler } from '../../shared/http/handler.js';
import { idempotencyKeyFrom } from '../../shared/http/idempotency-key.js';
import { makeIdempotentCall } from '../../shared/idempotency.js';
import type { Principal, Role } from '../../shared/principal.js';
import { ticketDeps } from '../compose.js';
import { ticketCreationConfig } from '../config.js';
import type { CreateTicketRequest } from '../contracts/ticket.js';
import { createTicket as route } from '../routes.js';
import { makeCreateTicket } from '../use-cases/create-ticket.js';

interface CallerSnapshot {
  readonly id: string;
  readonly roles: Role[];
  readonly email?: string | undefined;
  readonly locale?: string | undefined;
}

let createTicket: ReturnType<typeof makeCreateTicket> | undefined;
let createTicketOnce:
  | ReturnType<typeof makeIdempotentCall<{ request: CreateTicketRequest; caller: CallerSnapshot }, unknown>>
  | undefined;

function create(caller: CallerSnapshot, request: CreateTicketRequest, idempotencyKey?: string) {
  createTicket ??= makeCreateTicket(ticketDeps(), {
    maxTicketsPerHour: ticketCreationConfig.get().maxTicketsPerHour,
  });
  const principal: Principal = {
    id: caller.id,
    roles: new Set(caller.roles),
    email: caller.email,
    locale: caller.locale,
  };
  return createTicket(principal, request, { idempotencyKey });
}

export const handler = httpHandler(route, async (request) => {
  const key = idempotencyKeyFrom(request.headers);
  const caller: CallerSnapshot = {
    id: request.principal.id,
    roles: [...request.principal.roles],
    email: request.principal.email,
    locale: request.principal.locale,
  };
  if (key === undefined) return { statusCode: 201, body: await create(caller, request.body) };
  // The ticket's id is derived from the caller and the key: even a run that Powertools lets
  // through again (a record left in progress by a process that died) finds the first ticket.
  createTicketOnce ??= makeIdempotentCall(({ payload, clientKey }) =>
    create(payload.caller, payload.request, clientKey),
  );
  const ticket = await createTicketOnce(
    { key: `${caller.id}#${key}`, payload: { request: request.body, caller }, clientKey: key },
    request.context,
  );
  return { statusCode: 201, body: ticket };
});
