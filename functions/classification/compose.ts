import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbClassifierRepository } from './adapters/classifier-repository.dynamodb.js';
import type { ClassifierDeps } from './use-cases/classifier.js';

let deps: ClassifierDeps | undefined;

/** The production wiring of the classifier config routes, built once per process. */
export function classifierDeps(): ClassifierDeps {
  if (!deps) {
    const { client, tableName } = tableConfig();
    deps = { classifier: new DynamoDbClassifierRepository(client, tableName), clock: systemClock };
  }
  return deps;
}
