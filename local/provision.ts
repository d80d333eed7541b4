import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type QueueName, queueDefinitions } from '../functions/shared/queue-catalog.js';
import { tableDefinition } from '../functions/shared/table-catalog.js';

/** Creates the table from the same definition the CDK stack uses (if it does not exist yet). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<{ streamArn: string }> {
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const streamArn = existing.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`Table ${tableName} exists without a stream; start with --fresh`);
    return { streamArn };
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keys = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of tableDefinition.globalSecondaryIndexes) {
    keys.add(index.partitionKey);
    keys.add(index.sortKey);
  }
  const created = await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keys].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: index.projection,
          ...(index.projection === 'INCLUDE' ? { NonKeyAttributes: [...(index.include ?? [])] } : {}),
        },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const streamArn = created.TableDescription?.LatestStreamArn;
  if (!streamArn) throw new Error(`DynamoDB did not report a stream for ${tableName}`);
  return { streamArn };
}

export interface ProvisionedQueue {
  readonly url: string;
  readonly dlqUrl: string;
}

/** Creates every workflow queue and its DLQ, wired by a redrive policy, from the shared definitions. */
export async function ensureQueues(
  client: SQSClient,
  prefix: string,
  visibilityTimeoutSeconds?: number,
): Promise<Record<QueueName, ProvisionedQueue>> {
  const out = {} as Record<QueueName, ProvisionedQueue>;
  for (const definition of queueDefinitions) {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${prefix}-${definition.name}-dlq` }));
    const dlqUrl = dlq.QueueUrl as string;
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
    );
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}-${definition.name}`,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds ?? definition.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: attributes.Attributes?.QueueArn,
            maxReceiveCount: definition.maxReceiveCount,
          }),
        },
      }),
    );
    out[definition.name] = { url: queue.QueueUrl as string, dlqUrl };
  }
  return out;
}
