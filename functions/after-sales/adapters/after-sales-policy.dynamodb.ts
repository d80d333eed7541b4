import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CachedSetting } from '../../shared/settings-cache.js';
import { DynamoDbSettingVersions } from '../../shared/settings-versions.js';
import { putVersioned } from '../../shared/versioned-put.js';
import { type AfterSalesPolicy, defaultAfterSalesPolicy } from '../domain/policy.js';
import type { AfterSalesPolicyRepository } from '../domain/policy-repository.js';

const key = { PK: 'SETTINGS', SK: 'AFTERSALES' };

/** The after-sales policy: one item `SETTINGS` / `AFTERSALES`, cached per container (`CachedSetting`). */
export class DynamoDbAfterSalesPolicyRepository implements AfterSalesPolicyRepository {
  private readonly cache: CachedSetting<AfterSalesPolicy>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.cache = new CachedSetting(new DynamoDbSettingVersions(client, tableName), 'afterSalesPolicy', () =>
      this.load(),
    );
  }

  current(): Promise<AfterSalesPolicy> {
    return this.cache.current();
  }

  private async load(): Promise<AfterSalesPolicy> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (!result.Item) return defaultAfterSalesPolicy;
    const stored = result.Item as Partial<AfterSalesPolicy> & Pick<AfterSalesPolicy, 'version' | 'updatedAt'>;
    // A policy saved before a setting existed gets that setting's default.
    return {
      autoApproval: stored.autoApproval ?? defaultAfterSalesPolicy.autoApproval,
      returnWindows: stored.returnWindows ?? defaultAfterSalesPolicy.returnWindows,
      returnPostageCaps: stored.returnPostageCaps ?? defaultAfterSalesPolicy.returnPostageCaps,
      keepItemMaxAmount: stored.keepItemMaxAmount ?? defaultAfterSalesPolicy.keepItemMaxAmount,
      approvalCeilings: stored.approvalCeilings ?? defaultAfterSalesPolicy.approvalCeilings,
      timeouts: { ...defaultAfterSalesPolicy.timeouts, ...stored.timeouts },
      timeoutApprovalMaxAmount:
        stored.timeoutApprovalMaxAmount ?? defaultAfterSalesPolicy.timeoutApprovalMaxAmount,
      version: stored.version,
      updatedAt: stored.updatedAt,
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
      'afterSalesPolicy',
    );
  }
}
