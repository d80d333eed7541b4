import { httpHandler } from '../../shared/http/handler.js';
import { staffTeamsOf, ticketDeps } from '../compose.js';
import { listTickets as route } from '../routes.js';
import { makeListTickets } from '../use-cases/list-tickets.js';

let listTickets: ReturnType<typeof makeListTickets> | undefined;

export const handler = httpHandler(route, async (request) => {
  listTickets ??= makeListTickets({ ...ticketDeps(), teamsOf: staffTeamsOf() });
  return { statusCode: 200, body: await listTickets(request.principal, request.query) };
});
