import { routes } from '../../api/routes.js';
import { httpHandler } from '../../shared/http/handler.js';
import { ticketDeps } from '../compose.js';
import { makePostMessage } from '../use-cases/post-message.js';

let postMessage: ReturnType<typeof makePostMessage> | undefined;

export const handler = httpHandler(routes.postMessage, async (request) => {
  postMessage ??= makePostMessage(ticketDeps());
  return {
    statusCode: 201,
    body: await postMessage(request.principal, request.path.ticketId ?? '', request.body),
  };
});
