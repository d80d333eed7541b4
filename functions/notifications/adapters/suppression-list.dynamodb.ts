import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeAddress } from '../domain/escape.js';
import type { SuppressionList } from '../domain/ports.js';

const keys = {
  address: (address: string) => ({ PK: `SUPPRESSION#${normalizeAddress(address)}`, SK: 'SUPPRESSION' }),
};

/** Suppressed addresses on the single table: `SUPPRESSION#<address>` / `SUPPRESSION`. */
export class DynamoDbSuppressionList implements SuppressionList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isSuppressed(address: string): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.address(address) }),
    );
    return result.Item !== undefined;
  }

  async suppress(
    address: string,
    reason: 'bounce' | 'complaint',
    at: Date,
    detail: string | null,
  ): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.address(address),
          entityType: 'Suppression',
          address: normalizeAddress(address),
          reason,
          at: at.toISOString(),
          detail,
        },
      }),
    );
  }
}
