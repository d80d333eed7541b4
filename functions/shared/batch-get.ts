import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** BatchGetItem takes at most 100 keys a call. */
const BATCH = 100;

export interface BatchGetOptions {
  /** A ProjectionExpression, with its attribute names. */
  readonly projection?: { readonly expression: string; readonly names: Record<string, string> };
  readonly consistentRead?: boolean;
}

/**
 * The items at these keys of one table, 100 keys a BatchGetItem; keys DynamoDB leaves unprocessed
 * (throttling) are asked again after a growing pause. In no particular order; a key with no item
 * gives nothing.
 */
export async function batchGetItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  options: BatchGetOptions = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    let request: Record<string, unknown>[] | undefined = keys.slice(start, start + BATCH);
    for (let attempt = 0; request && request.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: request,
              ProjectionExpression: options.projection?.expression,
              ExpressionAttributeNames: options.projection?.names,
              ConsistentRead: options.consistentRead,
            },
          },
        }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      request = result.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}
