import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { queryPages } from '../../shared/query-pages.js';
import { putVersioned } from '../../shared/versioned-put.js';
import type { Macro } from '../domain/macro.js';
import type { MacroRepository } from '../domain/macro-repository.js';

const macroKeys = {
  partition: 'MACROS',
  macro: (id: string) => ({ PK: 'MACROS', SK: `MACRO#${id}` }),
};

const fields = ['id', 'title', 'body', 'actions', 'labels', 'version', 'updatedAt'] as const;

function fromItem(item: Record<string, unknown>): Macro {
  return Object.fromEntries(fields.map((field) => [field, item[field]])) as unknown as Macro;
}

/** Macros are items of one partition (`MACROS` / `MACRO#<id>`): a desk keeps tens to hundreds. */
export class DynamoDbMacroRepository implements MacroRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Macro | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: macroKeys.macro(id), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : null;
  }

  async list(): Promise<Macro[]> {
    const macros: Macro[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :macro)',
      ExpressionAttributeValues: { ':pk': macroKeys.partition, ':macro': 'MACRO#' },
      ConsistentRead: true,
    }))
      macros.push(...(page.Items ?? []).map(fromItem));
    return macros;
  }

  async save(
    macro: Omit<Macro, 'version' | 'updatedAt'>,
    expectedVersion: number,
    now: string,
  ): Promise<Macro> {
    return putVersioned(
      this.client,
      this.tableName,
      { ...macroKeys.macro(macro.id), entityType: 'Macro' },
      {
        id: macro.id,
        title: macro.title,
        body: macro.body,
        actions: macro.actions,
        labels: macro.labels,
      },
      expectedVersion,
      now,
      `Macro ${macro.id}`,
    );
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: macroKeys.macro(id),
          ConditionExpression:
            expectedVersion === undefined
              ? 'attribute_exists(PK)'
              : 'attribute_exists(PK) AND version = :expected',
          ...(expectedVersion === undefined
            ? {}
            : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      if (!(error as { Item?: unknown }).Item) throw new NotFoundError(`No macro ${id}.`);
      throw new ConflictError(
        `Macro ${id} changed since version ${expectedVersion}; read it again.`,
        'STALE_VERSION',
      );
    }
  }
}
