import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CachedSetting, type SettingVersionSource } from '../../shared/settings-cache.js';
import { putVersioned } from '../../shared/versioned-put.js';
import { effectivePolicies, type SlaPolicy } from '../domain/policy.js';
import type { SlaPolicyRepository, SlaPolicySource } from '../domain/policy-repository.js';

const policyKeys = {
  partition: 'SLAPOLICIES',
  policy: (id: string) => ({ PK: 'SLAPOLICIES', SK: `POLICY#${id}` }),
};

const fields = [
  'id',
  'name',
  'match',
  'order',
  'calendar',
  'targets',
  'warnAtPercent',
  'escalations',
  'version',
  'updatedAt',
] as const;

function fromItem(item: Record<string, unknown>): SlaPolicy {
  return Object.fromEntries(fields.map((field) => [field, item[field]])) as unknown as SlaPolicy;
}

export class DynamoDbSlaPolicyRepository implements SlaPolicyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<SlaPolicy[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': policyKeys.partition },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(fromItem);
  }

  async save(
    policy: Omit<SlaPolicy, 'version' | 'updatedAt'>,
    expectedVersion: number,
    now: string,
  ): Promise<SlaPolicy> {
    const key = { ...policyKeys.policy(policy.id), entityType: 'SlaPolicy' };
    return putVersioned(
      this.client,
      this.tableName,
      key,
      policy,
      expectedVersion,
      now,
      `Policy ${policy.id}`,
      'slaPolicies',
    );
  }
}

/**
 * The policies in force, cached per container and queried again only when the version item says
 * a policy was saved since (`CachedSetting`): a change an admin just made applies to the very
 * next ticket change.
 */
export class StoredPolicySource implements SlaPolicySource {
  private readonly cache: CachedSetting<readonly SlaPolicy[]>;

  constructor(repository: SlaPolicyRepository, versions: SettingVersionSource) {
    this.cache = new CachedSetting(versions, 'slaPolicies', async () =>
      effectivePolicies(await repository.list()),
    );
  }

  current(): Promise<readonly SlaPolicy[]> {
    return this.cache.current();
  }
}
