import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbAfterSalesPolicyRepository } from '../../functions/after-sales/adapters/after-sales-policy.dynamodb.js';
import { DynamoDbClassifierRepository } from '../../functions/classification/adapters/classifier-repository.dynamodb.js';
import { ConflictError } from '../../functions/shared/errors.js';
import { inSettingsRequest, settingVersionsKey } from '../../functions/shared/settings-cache.js';
import { DynamoDbSettingVersions } from '../../functions/shared/settings-versions.js';
import {
  DynamoDbSlaPolicyRepository,
  StoredPolicySource,
} from '../../functions/sla/adapters/policy-repository.dynamodb.js';
import { seededPolicies } from '../../functions/sla/domain/policy.js';
import { DynamoDbRoutingRuleRepository } from '../../functions/staff/adapters/routing-rules.dynamodb.js';
import { credentials, type LocalTable, region, startLocalTable } from './support.js';

let table: LocalTable;
/** Every command sent through the counted client, by name. */
const sent: string[] = [];
let counted: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await startLocalTable();
  const client = new DynamoDBClient({ endpoint: table.dynamo.endpoint, region, credentials });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'commandCounter' },
  );
  counted = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(async () => table?.stop());
beforeEach(() => {
  sent.length = 0;
});

/** The four cached configurations as one container wires them, on `client`. */
function container(client: DynamoDBDocumentClient) {
  return {
    policies: new StoredPolicySource(
      new DynamoDbSlaPolicyRepository(client, table.tableName),
      new DynamoDbSettingVersions(client, table.tableName),
    ),
    slaRepository: new DynamoDbSlaPolicyRepository(client, table.tableName),
    afterSales: new DynamoDbAfterSalesPolicyRepository(client, table.tableName),
    classifier: new DynamoDbClassifierRepository(client, table.tableName),
    routing: new DynamoDbRoutingRuleRepository(client, table.tableName),
  };
}

const readAll = (c: ReturnType<typeof container>) =>
  Promise.all([c.policies.current(), c.afterSales.current(), c.classifier.current(), c.routing.current()]);

describe('cached configurations on DynamoDB Local', () => {
  it('costs one GetItem of the version item per request once cached', async () => {
    const reader = container(counted);
    await inSettingsRequest(() => readAll(reader));
    sent.length = 0;

    await inSettingsRequest(async () => {
      await readAll(reader);
      await reader.routing.current();
    });

    expect(sent).toEqual(['GetItemCommand']);
  });

  it('applies a PUT made by another container to the very next read of each configuration', async () => {
    const reader = container(counted);
    const writer = container(table.documentClient);
    const [, afterSales, classifier, routing] = await inSettingsRequest(() => readAll(reader));
    const now = '2026-12-03T10:00:00.000Z';

    const base = seededPolicies[0];
    if (!base) throw new Error('no seeded policy');
    await writer.slaRepository.save({ ...base, name: 'Tighter' }, 0, now);
    await writer.afterSales.save({ ...afterSales, keepItemMaxAmount: { CNY: 1 } }, afterSales.version, now);
    await writer.classifier.save({ labels: [], hints: [] }, classifier.version, now);
    await writer.routing.save([], routing.version, now);
    const [policies, nextAfterSales, nextClassifier, nextRouting] = await inSettingsRequest(() =>
      readAll(reader),
    );

    expect(policies.find((policy) => policy.id === base.id)?.name).toBe('Tighter');
    expect(nextAfterSales.keepItemMaxAmount).toEqual({ CNY: 1 });
    expect(nextClassifier.labels).toEqual([]);
    expect(nextRouting.rules).toEqual([]);
    const versions = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: settingVersionsKey }),
    );
    expect(versions.Item).toMatchObject({
      slaPolicies: 1,
      afterSalesPolicy: 1,
      classifier: 1,
      routingRules: 1,
    });
  });

  it('bumps nothing when a save is refused as stale', async () => {
    const writer = container(table.documentClient);
    const before = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: settingVersionsKey }),
    );
    const current = await writer.routing.current();

    await expect(
      writer.routing.save([], current.version - 1, '2026-12-03T11:00:00.000Z'),
    ).rejects.toBeInstanceOf(ConflictError);
    const after = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: settingVersionsKey }),
    );
    expect(after.Item).toEqual(before.Item);
  });
});
