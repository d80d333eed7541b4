import { routes } from '../../api/routes.js';
import { httpHandler } from '../../shared/http/handler.js';
import { ticketDeps } from '../compose.js';
import { makeGetTicket } from '../use-cases/get-ticket.js';

let getTicket: ReturnType<typeof makeGetTicket> | undefined;

export const handler = httpHandler(routes.getTicket, async (request) => {
  getTicket ??= makeGetTicket(ticketDeps());
  return { statusCode: 200, body: await getTicket(request.principal, request.path.ticketId ?? '') };
});
