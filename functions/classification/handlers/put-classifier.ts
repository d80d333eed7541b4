import { httpHandler } from '../../shared/http/handler.js';
import { classifierDeps } from '../compose.js';
import { putClassifier as route } from '../routes.js';
import { makePutClassifier } from '../use-cases/classifier.js';

let putClassifier: ReturnType<typeof makePutClassifier> | undefined;

/** Replaces the classifier config; `version` guards against lost updates (409 STALE_VERSION). */
export const handler = httpHandler(route, async (request) => {
  putClassifier ??= makePutClassifier(classifierDeps());
  return { statusCode: 200, body: await putClassifier(request.body) };
});
