import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from './errors.js';

/**
 * Stores `item` as version `expectedVersion + 1` if the stored version is still
 * `expectedVersion` (0 = not stored yet); otherwise a ConflictError `STALE_VERSION` naming `what`.
 */
export async function putVersioned<T extends object>(
  client: DynamoDBDocumentClient,
  tableName: string,
  keyAndType: Record<string, string>,
  item: T,
  expectedVersion: number,
  now: string,
  what: string,
): Promise<T & { version: number; updatedAt: string }> {
  const stored = { ...item, version: expectedVersion + 1, updatedAt: now };
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keyAndType, ...stored },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      throw new ConflictError(
        `${what} changed since version ${expectedVersion}; read it again.`,
        'STALE_VERSION',
      );
    }
    throw error;
  }
  return stored;
}
