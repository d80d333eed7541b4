import { httpHandler } from '../../shared/http/handler.js';
import { ticketDeps } from '../compose.js';
import { performAction as route } from '../routes.js';
import { makePerformAction } from '../use-cases/perform-action.js';

let performAction: ReturnType<typeof makePerformAction> | undefined;

export const handler = httpHandler(route, async (request) => {
  performAction ??= makePerformAction(ticketDeps());
  return {
    statusCode: 200,
    body: await performAction(request.principal, request.path.ticketId, request.body),
  };
});
