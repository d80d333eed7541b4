import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../shared/errors.js';
import { type AfterSalesPolicy, defaultAfterSalesPolicy } from '../domain/policy.js';
import type { AfterSalesPolicyRepository } from '../domain/policy-repository.js';

const key = { PK: 'SETTINGS', SK: 'AFTERSALES' };

export class DynamoDbAfterSalesPolicyRepository implements AfterSalesPolicyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(): Promise<AfterSalesPolicy> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (!result.Item) return defaultAfterSalesPolicy;
    const { autoApproval, returnWindows, returnPostageCaps, version, updatedAt } =
      result.Item as AfterSalesPolicy;
    return {
      autoApproval,
      returnWindows,
      returnPostageCaps: returnPostageCaps ?? defaultAfterSalesPolicy.returnPostageCaps,
      version,
      updatedAt,
    };
  }

  async save(
    policy: Omit<AfterSalesPolicy, 'version' | 'updatedAt'>,
    expectedVersion: number,
    now: string,
  ): Promise<AfterSalesPolicy> {
    const stored: AfterSalesPolicy = { ...policy, version: expectedVersion + 1, updatedAt: now };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, entityType: 'AfterSalesPolicy', ...stored },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new ConflictError(
          `The after-sales policy changed since version ${expectedVersion}; read it again.`,
          'STALE_VERSION',
        );
      }
      throw error;
    }
    return stored;
  }
}
