import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
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
    );
  }
}

/**
 * The policies in force, read fresh on every use: one small query of one partition. No cache,
 * so that a change an admin just made applies to the very next ticket change.
 */
export class StoredPolicySource implements SlaPolicySource {
  constructor(private readonly repository: SlaPolicyRepository) {}

  async current(): Promise<readonly SlaPolicy[]> {
    return effectivePolicies(await this.repository.list());
  }
}
