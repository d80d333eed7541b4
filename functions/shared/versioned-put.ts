import {
  type DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from './errors.js';
import { forgetSettingVersions, type SettingName, settingVersionsKey } from './settings-cache.js';

/**
 * Stores `item` as version `expectedVersion + 1` if the stored version is still
 * `expectedVersion` (0 = not stored yet); otherwise a ConflictError `STALE_VERSION` naming `what`.
 * A cached configuration (`setting`) is written in one transaction with the bump of its counter on
 * the version item (`CachedSetting`), so every container sees the change on its next request.
 */
export async function putVersioned<T extends object>(
  client: DynamoDBDocumentClient,
  tableName: string,
  keyAndType: Record<string, string>,
  item: T,
  expectedVersion: number,
  now: string,
  what: string,
  setting?: SettingName,
): Promise<T & { version: number; updatedAt: string }> {
  const stored = { ...item, version: expectedVersion + 1, updatedAt: now };
  const put: PutCommandInput = {
    TableName: tableName,
    Item: { ...keyAndType, ...stored },
    ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
    ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
  };
  const stale = () =>
    new ConflictError(`${what} changed since version ${expectedVersion}; read it again.`, 'STALE_VERSION');
  if (!setting) {
    try {
      await client.send(new PutCommand(put));
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw stale();
      throw error;
    }
    return stored;
  }
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: put },
          {
            Update: {
              TableName: tableName,
              Key: settingVersionsKey,
              UpdateExpression: 'SET entityType = :type ADD #setting :one',
              ExpressionAttributeNames: { '#setting': setting },
              ExpressionAttributeValues: { ':type': 'SettingVersions', ':one': 1 },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw stale();
    throw new ConflictError(`${what} was being changed by another request; retry.`, 'CONCURRENT_UPDATE');
  } finally {
    forgetSettingVersions();
  }
  return stored;
}
