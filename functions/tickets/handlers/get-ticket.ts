import { httpHandler } from '../../shared/http/handler.js';
import { ticketDeps } from '../compose.js';
import { getTicket as route } from '../routes.js';
import { makeGetTicket } from '../use-cases/get-ticket.js';

let getTicket: ReturnType<typeof makeGetTicket> | undefined;

export const handler = httpHandler(route, async (request) => {
  getTicket ??= makeGetTicket(ticketDeps());
  return { statusCode: 200, body: await getTicket(request.principal, request.path.ticketId) };
});
