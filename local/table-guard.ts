import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FunctionManifest, IndexName, TableOperation, TableUse } from '../functions/shared/manifest.js';
import { keyPatternMatches } from '../functions/shared/manifest.js';
import { tableDefinition } from '../functions/shared/table-catalog.js';

/** The function whose code is running: its name and its manifest's table declaration. */
export interface RunningFunction {
  readonly name: string;
  readonly table: TableUse;
}

/** One thing a DynamoDB request does that the manifest must allow. */
export interface TableRequestPart {
  readonly operation: TableOperation | `unsupported:${string}`;
  /** The index a Query names. */
  readonly index?: string;
  /** Partition key values of the table items it names (not of index queries). */
  readonly partitionKeys: readonly string[];
}

/** A DynamoDB request the running function's manifest does not declare. */
export class UndeclaredTableUseError extends Error {
  constructor(functionName: string, detail: string) {
    super(
      `${functionName} ${detail}, which its manifest does not declare (its table: { operations, indexes, keys }); on AWS it would be denied.`,
    );
    this.name = 'UndeclaredTableUseError';
  }
}

const running = new AsyncLocalStorage<RunningFunction>();

/** Runs `work` as the named function: its DynamoDB requests are checked against `table`. */
export function runAs<T>(fn: RunningFunction, work: () => T): T {
  return running.run(fn, work);
}

type Input = Record<string, unknown>;

/** A key attribute's string value, marshalled (`{ S: 'x' }`) or not. */
function stringValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'S' in value && typeof value.S === 'string') return value.S;
  return undefined;
}

function partitionOf(item: unknown): string[] {
  const value = stringValue((item as Input | undefined)?.[tableDefinition.partitionKey]);
  return value === undefined ? [] : [value];
}

/** The partition key value a table Query's key condition binds (`PK = :pk`, names resolved). */
function queriedPartition(input: Input): string[] {
  const expression = typeof input.KeyConditionExpression === 'string' ? input.KeyConditionExpression : '';
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const term of expression.split(/\s+AND\s+/i)) {
    const match = /^\(?\s*([#\w]+)\s*=\s*(:\w+)\s*\)?$/.exec(term.trim());
    if (!match?.[1] || !match[2]) continue;
    const name = match[1].startsWith('#') ? names[match[1]] : match[1];
    if (name !== tableDefinition.partitionKey) continue;
    const value = stringValue(values[match[2]]);
    if (value !== undefined) return [value];
  }
  return [];
}

const transactItemOperations: Readonly<Record<string, TableOperation>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/**
 * What one request does, as the manifest names it: a transaction is itself and each of its
 * items (Put, Update, Delete, ConditionCheck), a batch is itself with the keys of every item,
 * a Query names its index. Anything else (Scan, TransactGetItems, table management) is unsupported:
 * no manifest can declare it.
 */
export function partsOf(commandName: string, input: Input): TableRequestPart[] {
  const name = commandName.replace(/Command$/, '');
  switch (name) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [{ operation: name, partitionKeys: partitionOf(input.Key) }];
    case 'PutItem':
      return [{ operation: name, partitionKeys: partitionOf(input.Item) }];
    case 'Query':
      return typeof input.IndexName === 'string'
        ? [{ operation: 'Query', index: input.IndexName, partitionKeys: [] }]
        : [{ operation: 'Query', partitionKeys: queriedPartition(input) }];
    case 'BatchGetItem': {
      const tables = Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>);
      return [
        {
          operation: name,
          partitionKeys: tables.flatMap((table) => (table.Keys ?? []).flatMap(partitionOf)),
        },
      ];
    }
    case 'BatchWriteItem': {
      const requests = Object.values((input.RequestItems ?? {}) as Record<string, Input[]>).flat();
      return [
        {
          operation: name,
          partitionKeys: requests.flatMap((request) => [
            ...partitionOf((request.PutRequest as Input | undefined)?.Item),
            ...partitionOf((request.DeleteRequest as Input | undefined)?.Key),
          ]),
        },
      ];
    }
    case 'TransactWriteItems': {
      const items = (input.TransactItems ?? []) as Input[];
      return [
        { operation: name, partitionKeys: [] },
        ...items.flatMap((item) =>
          Object.entries(item).map(([kind, body]): TableRequestPart => {
            const operation = transactItemOperations[kind];
            const request = body as Input;
            return operation
              ? { operation, partitionKeys: partitionOf(kind === 'Put' ? request.Item : request.Key) }
              : { operation: `unsupported:TransactWriteItems ${kind}`, partitionKeys: [] };
          }),
        ),
      ];
    }
    default:
      return [{ operation: `unsupported:${name}`, partitionKeys: [] }];
  }
}

/** Why the declaration does not cover the part, or undefined when it does. */
export function refusal(table: TableUse, part: TableRequestPart): string | undefined {
  if (part.operation.startsWith('unsupported:'))
    return `sends ${part.operation.slice('unsupported:'.length)}`;
  const operation = part.operation as TableOperation;
  if (part.index !== undefined) {
    return (table.indexes ?? []).includes(part.index as IndexName)
      ? undefined
      : `queries the index ${part.index}`;
  }
  if (!table.operations.includes(operation)) return `sends ${operation}`;
  if (table.keys) {
    const keys = table.keys;
    const outside = part.partitionKeys.find(
      (key) => !keys.some((pattern) => keyPatternMatches(pattern, key)),
    );
    if (outside !== undefined) return `sends ${operation} on the partition ${outside}`;
  }
  return undefined;
}

/** What each function was seen to do, for a report of declarations never exercised. */
export type TableUseRecord = Map<string, Set<string>>;

/**
 * Checks every request of the handlers' shared DynamoDB client against the manifest of the
 * function running it (`runAs`), as IAM would on AWS, and throws `UndeclaredTableUseError`
 * before anything is sent. A request outside any function (no `runAs`) is refused too.
 * `record`, when given, collects each function's operations and indexes.
 */
export function guardTable(client: DynamoDBClient, record?: TableUseRecord): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fn = running.getStore();
      const parts = partsOf(context.commandName ?? 'unknown', args.input as Input);
      if (!fn) {
        throw new UndeclaredTableUseError(
          'code outside any function',
          `sends ${parts.map((part) => part.operation).join(', ')}`,
        );
      }
      for (const part of parts) {
        const reason = refusal(fn.table, part);
        if (reason) throw new UndeclaredTableUseError(fn.name, reason);
        if (record) {
          const seen = record.get(fn.name) ?? new Set<string>();
          seen.add(part.index ? `index:${part.index}` : part.operation);
          record.set(fn.name, seen);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'redress-table-guard', override: true },
  );
}

/** The function a handler module is (by its path), from every manifest. */
export function functionOfHandler(
  manifests: readonly (FunctionManifest & { readonly name: string })[],
  modulePath: string,
): RunningFunction | undefined {
  const manifest = manifests.find((candidate) => candidate.handler === modulePath);
  return manifest && { name: manifest.name, table: manifest.table };
}
