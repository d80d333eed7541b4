import { httpHandler } from '../../shared/http/handler.js';
import { idempotencyKeyFrom } from '../../shared/http/idempotency-key.js';
import { ticketDeps } from '../compose.js';
import { postMessage as route } from '../routes.js';
import { makePostMessage } from '../use-cases/post-message.js';
import { toMessageView } from '../use-cases/ticket-view.js';

let postMessage: ReturnType<typeof makePostMessage> | undefined;

export const handler = httpHandler(route, async (request) => {
  postMessage ??= makePostMessage(ticketDeps());
  // Under an Idempotency-Key the message's id is derived from the caller, the ticket and the
  // key and claimed in the same write: a retry answers the first message (ADR 4).
  const idempotencyKey = idempotencyKeyFrom(request.headers);
  const message = await postMessage(request.principal, request.path.ticketId, request.body, {
    idempotencyKey,
  });
  // The timeline entry as GET /v1/tickets/{ticketId} shows it to the caller: staff the
  // TimelineEvent, a customer the CustomerTimelineEvent.
  return { statusCode: 201, body: message && toMessageView(message, request.principal) };
});
