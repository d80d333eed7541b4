import { routes } from '../../api/routes.js';
import { httpHandler } from '../../shared/http/handler.js';
import { ticketDeps } from '../compose.js';
import { makeListTickets } from '../use-cases/list-tickets.js';

let listTickets: ReturnType<typeof makeListTickets> | undefined;

export const handler = httpHandler(routes.listTickets, async (request) => {
  listTickets ??= makeListTickets(ticketDeps());
  return { statusCode: 200, body: await listTickets(request.principal, request.query) };
});
