import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RunningProcess, startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { freePort } from '../../local/ports.js';
import { ensureTable } from '../../local/provision.js';

export const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const region = 'us-east-1';

export interface LocalTable {
  readonly dynamo: RunningProcess;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly streamArn: string;
  stop(): Promise<void>;
}

/**
 * An in-memory DynamoDB Local on a free loopback port with a table built from the shared
 * definition. The process environment points the handlers' own clients at it too.
 */
export async function startLocalTable(): Promise<LocalTable> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const tableName = `test-${randomUUID()}`;
  const { streamArn } = await ensureTable(client, tableName);
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    TABLE_NAME: tableName,
  });
  return {
    dynamo,
    client,
    documentClient,
    tableName,
    streamArn,
    stop: async () => {
      client.destroy();
      await dynamo.stop();
    },
  };
}
