import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CachedSetting } from '../../shared/settings-cache.js';
import { DynamoDbSettingVersions } from '../../shared/settings-versions.js';
import { putVersioned } from '../../shared/versioned-put.js';
import type { RoutingRuleRepository } from '../domain/ports.js';
import { defaultRoutingRules, type RoutingRule, type RoutingRules } from '../domain/routing.js';
import { staffKeys } from './staff-keys.js';

/**
 * The routing rules: one item `SETTINGS` / `ROUTING`, cached per container (`CachedSetting`);
 * the defaults (version 0) until an admin saves.
 */
export class DynamoDbRoutingRuleRepository implements RoutingRuleRepository {
  private readonly cache: CachedSetting<RoutingRules>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.cache = new CachedSetting(new DynamoDbSettingVersions(client, tableName), 'routingRules', () =>
      this.load(),
    );
  }

  current(): Promise<RoutingRules> {
    return this.cache.current();
  }

  private async load(): Promise<RoutingRules> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: staffKeys.routingRules, ConsistentRead: true }),
    );
    if (!result.Item) return { rules: defaultRoutingRules, version: 0, updatedAt: null };
    return {
      rules: result.Item.rules as RoutingRule[],
      version: Number(result.Item.version),
      updatedAt: String(result.Item.updatedAt),
    };
  }

  async save(rules: readonly RoutingRule[], expectedVersion: number, now: string): Promise<RoutingRules> {
    return putVersioned(
      this.client,
      this.tableName,
      { ...staffKeys.routingRules, entityType: 'RoutingRules' },
      { rules },
      expectedVersion,
      now,
      'The routing rules',
      'routingRules',
    );
  }
}
