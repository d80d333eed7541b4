import { macroSuggestions } from '../../macros/compose.js';
import { httpHandler } from '../../shared/http/handler.js';
import { ticketDeps } from '../compose.js';
import { getTicket as route } from '../routes.js';
import { makeGetTicket } from '../use-cases/get-ticket.js';

let getTicket: ReturnType<typeof makeGetTicket> | undefined;

export const handler = httpHandler(route, async (request) => {
  // Staff see the macros answering the ticket's labels: the macros context supplies them.
  getTicket ??= makeGetTicket({ ...ticketDeps(), suggestions: macroSuggestions() });
  return { statusCode: 200, body: await getTicket(request.principal, request.path.ticketId) };
});
