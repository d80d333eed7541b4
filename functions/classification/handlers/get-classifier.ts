import { httpHandler } from '../../shared/http/handler.js';
import { classifierDeps } from '../compose.js';
import { getClassifier as route } from '../routes.js';
import { makeGetClassifier } from '../use-cases/classifier.js';

let getClassifier: ReturnType<typeof makeGetClassifier> | undefined;

export const handler = httpHandler(route, async () => {
  getClassifier ??= makeGetClassifier(classifierDeps());
  return { statusCode: 200, body: await getClassifier() };
});
