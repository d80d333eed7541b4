import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ErasedCustomers } from '../domain/ports.js';

/**
 * The erasure marks `ERASED#<customerId>` / `ERASED`, written by the privacy context
 * (functions/privacy/adapters/erasure-jobs.dynamodb.ts) before it erases anything; read here by
 * key, consistently, so a mark written a moment ago already stops the next email.
 */
export class DynamoDbErasedCustomers implements ErasedCustomers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isErased(customerId: string): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: `ERASED#${customerId}`, SK: 'ERASED' },
        ProjectionExpression: 'PK',
        ConsistentRead: true,
      }),
    );
    return result.Item !== undefined;
  }
}
