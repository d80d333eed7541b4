import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { putVersioned } from '../../shared/versioned-put.js';
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
    const item = { ...key, entityType: 'AfterSalesPolicy' };
    return putVersioned(
      this.client,
      this.tableName,
      item,
      policy,
      expectedVersion,
      now,
      'The after-sales policy',
    );
  }
}
