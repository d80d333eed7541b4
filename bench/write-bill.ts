import { convertToAttr } from '@aws-sdk/util-dynamodb';

/**
 * What a write costs by AWS's documented rules, worked out from the item before and after it.
 * DynamoDB Local's `ConsumedCapacity` is exact for single writes but not for transactions: it
 * bills a transaction's items of the same size once, in the table and in each index (three
 * 100-byte puts: 2 units where AWS bills 6; three 1.5 KB puts: 4 where AWS bills 12), and it
 * bills index entries twice. AWS's rules, as its developer guide states them:
 * - the table: the larger of the item's size before and after, in 1 KB units (at least 1); an
 *   item written in a transaction is written twice (prepare and commit), so twice that;
 * - each global secondary index, updated after the write (not part of the transaction): one
 *   write when an entry appears, disappears, or only its projected attributes change; two (a
 *   delete and a put) when its key changes; none when the entry is the same or absent; each in
 *   1 KB units of the entry (the table's keys, the index's keys and what it projects).
 */

export type Attribute = {
  S?: string;
  N?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, Attribute>;
  L?: Attribute[];
  SS?: string[];
  NS?: string[];
};

export type Item = Record<string, Attribute>;

const attributeTypes = new Set(['S', 'N', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'B', 'BS']);

/** A marshalled attribute as it is, a plain value (a document client's input) marshalled. */
export function asAttribute(value: unknown): Attribute {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && attributeTypes.has(keys[0] ?? '')) return value as Attribute;
  }
  return convertToAttr(value, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as Attribute;
}

/** An attribute value's size by DynamoDB's rules (strings in UTF-8, numbers by digits, 3 bytes per list or map, 1 per element). */
export function attributeBytes(raw: Attribute | unknown): number {
  const value = asAttribute(raw);
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) {
    const digits = value.N.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M)
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [name, v]) => sum + Buffer.byteLength(name) + attributeBytes(v) + 1,
        0,
      )
    );
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + attributeBytes(v) + 1, 0);
  if (value.SS) return value.SS.reduce((sum, v) => sum + Buffer.byteLength(v), 0);
  if (value.NS) return value.NS.reduce((sum, v) => sum + attributeBytes({ N: v }), 0);
  return 0;
}

/** An item's size: attribute names plus values (marshalled or plain). */
export function itemBytes(item: Record<string, Attribute | unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + attributeBytes(value),
    0,
  );
}

/** A table's keys and global secondary indexes, as DescribeTable gives them. */
export interface TableShape {
  readonly keys: readonly string[];
  readonly indexes: readonly {
    readonly name: string;
    readonly keys: readonly string[];
    readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
    readonly include?: readonly string[];
  }[];
}

/** Write units of one item's write: the table's and each index's that was written. */
export interface ItemWriteBill {
  readonly table: number;
  readonly indexes: Readonly<Record<string, number>>;
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** The same value whatever the order of a map's keys or a set's members. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (Array.isArray(v)) return v;
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .map(([k, inner]): [string, unknown] => [
            k,
            (k === 'SS' || k === 'NS') && Array.isArray(inner) ? [...inner].sort() : inner,
          ])
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    return v;
  });
}

type Index = TableShape['indexes'][number];

/** The item's entry in an index: undefined when it lacks a key of the index (a sparse index). */
function entryOf(image: Item | undefined, index: Index, table: TableShape): Item | undefined {
  if (!image || index.keys.some((key) => image[key] === undefined)) return undefined;
  const names =
    index.projection === 'ALL'
      ? Object.keys(image)
      : [...table.keys, ...index.keys, ...(index.projection === 'INCLUDE' ? (index.include ?? []) : [])];
  const entry: Item = {};
  for (const name of names) {
    const value = image[name];
    if (value !== undefined) entry[name] = value;
  }
  return entry;
}

/** AWS's write units for one item written from `before` to `after` (undefined: absent). */
export function itemWriteBill(
  before: Item | undefined,
  after: Item | undefined,
  table: TableShape,
  transactional: boolean,
): ItemWriteBill {
  const size = Math.max(before ? itemBytes(before) : 0, after ? itemBytes(after) : 0);
  const indexes: Record<string, number> = {};
  for (const index of table.indexes) {
    const was = entryOf(before, index, table);
    const now = entryOf(after, index, table);
    let units = 0;
    if (was && now) {
      if (index.keys.some((key) => canonical(was[key]) !== canonical(now[key])))
        units = writeUnits(itemBytes(was)) + writeUnits(itemBytes(now));
      else if (canonical(was) !== canonical(now))
        units = writeUnits(Math.max(itemBytes(was), itemBytes(now)));
    } else if (was) units = writeUnits(itemBytes(was));
    else if (now) units = writeUnits(itemBytes(now));
    if (units > 0) indexes[index.name] = units;
  }
  return { table: writeUnits(size) * (transactional ? 2 : 1), indexes };
}
