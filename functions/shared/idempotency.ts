import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { sharedConfig } from './config.js';
import { getDynamoDbClient } from './dynamodb-client.js';
import { ConflictError } from './errors.js';

/** How long a stored response answers retries with the same key. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface IdempotentCall<P> {
  /** The caller's scope and key, e.g. `<sub>#<Idempotency-Key>`: keys of different callers never meet. */
  readonly key: string;
  /** The request that a retry must repeat exactly. */
  readonly payload: P;
  /**
   * The client's own `Idempotency-Key`, handed through to the function (neither hashed nor
   * compared: `key` holds it), which derives the ids of what it creates from it.
   */
  readonly clientKey?: string;
}

/**
 * Powertools idempotency on the single table (PK = IDEMPOTENCY, SK = hashed key). A retry with
 * the same key and payload returns the first result; the same key with another payload is a 409.
 */
export function makeIdempotentCall<P, R>(fn: (call: IdempotentCall<P>) => Promise<R>) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: sharedConfig.get().tableName,
    keyAttr: 'PK',
    sortKeyAttr: 'SK',
    staticPkValue: 'IDEMPOTENCY',
    awsSdkV3Client: getDynamoDbClient(),
  });
  const idempotent = makeIdempotent(fn, { persistenceStore, config });
  return async (call: IdempotentCall<P>, context?: Context): Promise<R> => {
    if (context) config.registerLambdaContext(context);
    try {
      return await idempotent(call);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new ConflictError(
          'This Idempotency-Key was used with a different request body.',
          'IDEMPOTENCY_KEY_REUSED',
        );
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ConflictError(
          'A request with this Idempotency-Key is still being processed; retry shortly.',
          'IDEMPOTENCY_IN_PROGRESS',
        );
      }
      throw error;
    }
  };
}
