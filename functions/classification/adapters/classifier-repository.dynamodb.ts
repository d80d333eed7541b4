import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CachedSetting } from '../../shared/settings-cache.js';
import { DynamoDbSettingVersions } from '../../shared/settings-versions.js';
import { putVersioned } from '../../shared/versioned-put.js';
import type { ClassifierConfig } from '../domain/classifier.js';
import type { ClassifierRepository } from '../domain/classifier-repository.js';
import { defaultClassifierConfig } from '../domain/default-config.js';

const key = { PK: 'SETTINGS', SK: 'CLASSIFIER' };

/**
 * The classifier config: one item `SETTINGS` / `CLASSIFIER`, cached per container
 * (`CachedSetting`): the same object is handed out while no one saves, so it compiles once.
 */
export class DynamoDbClassifierRepository implements ClassifierRepository {
  private readonly cache: CachedSetting<ClassifierConfig>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.cache = new CachedSetting(new DynamoDbSettingVersions(client, tableName), 'classifier', () =>
      this.load(),
    );
  }

  current(): Promise<ClassifierConfig> {
    return this.cache.current();
  }

  private async load(): Promise<ClassifierConfig> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (!result.Item) return defaultClassifierConfig;
    const stored = result.Item as ClassifierConfig;
    return {
      labels: stored.labels,
      hints: stored.hints ?? [],
      version: stored.version,
      updatedAt: stored.updatedAt,
    };
  }

  async save(
    config: Omit<ClassifierConfig, 'version' | 'updatedAt'>,
    expectedVersion: number,
    now: string,
  ): Promise<ClassifierConfig> {
    return putVersioned(
      this.client,
      this.tableName,
      { ...key, entityType: 'ClassifierConfig' },
      { labels: config.labels, hints: config.hints },
      expectedVersion,
      now,
      'The classifier',
      'classifier',
    );
  }
}
