import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addressDigest } from '../domain/address-digest.js';
import { normalizeAddress } from '../domain/escape.js';
import type { SuppressionList } from '../domain/ports.js';

const keys = {
  address: (address: string) => ({ PK: `SUPPRESSION#${normalizeAddress(address)}`, SK: 'SUPPRESSION' }),
  /** An erased customer's suppression, kept as the address's HMAC (functions/privacy moves it there). */
  digest: (digest: string) => ({ PK: `SUPPRESSION#HMAC#${digest}`, SK: 'SUPPRESSION' }),
};

/**
 * Suppressed addresses on the single table: `SUPPRESSION#<address>` / `SUPPRESSION`, or, once the
 * customer was erased, `SUPPRESSION#HMAC#<digest>` (the address's keyed HMAC, `hashKey`), so an
 * erased customer's bounced address stays suppressed without being named.
 */
export class DynamoDbSuppressionList implements SuppressionList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly hashKey: () => Promise<string>,
  ) {}

  async isSuppressed(address: string): Promise<boolean> {
    const digest = addressDigest(address, await this.hashKey());
    const result = await this.client.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: [keys.address(address), keys.digest(digest)],
            ProjectionExpression: 'PK',
          },
        },
      }),
    );
    const unprocessed = result.UnprocessedKeys?.[this.tableName]?.Keys?.length ?? 0;
    if (unprocessed > 0) throw new Error('Suppression lookup throttled; retry');
    return (result.Responses?.[this.tableName]?.length ?? 0) > 0;
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
