/**
 * The HTTP functions' timeout, shared by the CDK stack (every route's Lambda) and the local API
 * stand-in (local/api-server.ts), which gives up at the same moment Lambda would. The handlers
 * themselves answer 503 a margin before it (functions/shared/http/handler.ts).
 */
export const HTTP_FUNCTION_TIMEOUT_SECONDS = 10;
