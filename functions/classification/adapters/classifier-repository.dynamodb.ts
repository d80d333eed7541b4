import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { putVersioned } from '../../shared/versioned-put.js';
import type { ClassifierConfig } from '../domain/classifier.js';
import type { ClassifierRepository } from '../domain/classifier-repository.js';
import { defaultClassifierConfig } from '../domain/default-config.js';

const key = { PK: 'SETTINGS', SK: 'CLASSIFIER' };

export class DynamoDbClassifierRepository implements ClassifierRepository {
  /** The config last read: handed out again while the stored version is the same, so it compiles once. */
  private last: ClassifierConfig = defaultClassifierConfig;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(): Promise<ClassifierConfig> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (!result.Item) return defaultClassifierConfig;
    const stored = result.Item as ClassifierConfig;
    if (stored.version === this.last.version && stored.updatedAt === this.last.updatedAt) return this.last;
    this.last = {
      labels: stored.labels,
      hints: stored.hints ?? [],
      version: stored.version,
      updatedAt: stored.updatedAt,
    };
    return this.last;
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
    );
  }
}
