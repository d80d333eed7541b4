import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type SettingVersionSource,
  type SettingVersions,
  settingVersionsKey,
  versionsOncePerRequest,
} from './settings-cache.js';

/**
 * The version item on DynamoDB: one strongly consistent GetItem per request (and per call outside
 * one). Apart from settings-cache.ts so that the HTTP handler, which opens the request, loads no
 * DynamoDB client.
 */
export class DynamoDbSettingVersions implements SettingVersionSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  read(): Promise<SettingVersions> {
    return versionsOncePerRequest(this.tableName, () =>
      this.client
        .send(new GetCommand({ TableName: this.tableName, Key: settingVersionsKey, ConsistentRead: true }))
        .then((result) => (result.Item ?? {}) as SettingVersions),
    );
  }
}
