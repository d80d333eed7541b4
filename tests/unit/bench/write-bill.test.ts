import { describe, expect, it } from 'vitest';
import { type Item, itemBytes, itemWriteBill, type TableShape } from '../../../bench/write-bill.js';

/** A table like ours: PK/SK, one index projecting all, one a list (INCLUDE), one keys only. */
const shape: TableShape = {
  keys: ['PK', 'SK'],
  indexes: [
    { name: 'ALLX', keys: ['AK'], projection: 'ALL' },
    { name: 'LIST', keys: ['LK', 'LS'], projection: 'INCLUDE', include: ['status'] },
    { name: 'KEYS', keys: ['KK'], projection: 'KEYS_ONLY' },
  ],
};

const s = (text: string) => ({ S: text });
/** An item of about `bytes` bytes with the given attributes. */
function item(bytes: number, attributes: Item = {}): Item {
  const base: Item = { PK: s('T#1'), SK: s('TICKET'), ...attributes };
  return { ...base, pad: s('x'.repeat(Math.max(0, bytes - itemBytes(base) - 3))) };
}

describe("AWS's write billing (bench/write-bill.ts)", () => {
  it('sizes an item by its names and values', () => {
    expect(itemBytes({ PK: s('ab'), n: { N: '123' } })).toBe(2 + 2 + 1 + 3);
    expect(itemBytes(item(1500))).toBe(1500);
  });

  it("bills a transaction two units per KB of every item, as the developer guide's example: three 500-byte items, 6", () => {
    const bills = [1, 2, 3].map(() => itemWriteBill(undefined, item(500), shape, true));
    expect(bills.reduce((sum, bill) => sum + bill.table, 0)).toBe(6);
  });

  it('bills the larger of the item before and after, in 1 KB units', () => {
    expect(itemWriteBill(undefined, item(1500), shape, false).table).toBe(2);
    expect(itemWriteBill(item(2500), item(900), shape, false).table).toBe(3);
    expect(itemWriteBill(item(900), undefined, shape, false).table).toBe(1);
    expect(itemWriteBill(undefined, undefined, shape, false).table).toBe(1);
  });

  it('writes an index entry once when it appears, disappears or only its projection changes', () => {
    const keys = { LK: s('ASSIGNEE#a'), LS: s('2026-12-04#1'), status: s('open') };
    expect(itemWriteBill(undefined, item(600, keys), shape, false).indexes).toEqual({ LIST: 1 });
    expect(itemWriteBill(item(600, keys), item(600), shape, false).indexes).toEqual({ LIST: 1 });
    expect(
      itemWriteBill(item(600, keys), item(600, { ...keys, status: s('pending') }), shape, false).indexes,
    ).toEqual({ LIST: 1 });
  });

  it('writes nothing to an index whose entry is the same (a change of an attribute it does not project)', () => {
    const keys = { LK: s('ASSIGNEE#a'), LS: s('2026-12-04#1'), status: s('open') };
    expect(itemWriteBill(item(600, keys), item(700, keys), shape, false).indexes).toEqual({});
  });

  it('deletes and puts an entry whose key moves: two writes, each in 1 KB units of the entry', () => {
    const at = (due: string) =>
      item(1500, { AK: s('A'), LK: s('ASSIGNEE#a'), LS: s(`${due}#1`), KK: s('K') });
    const bill = itemWriteBill(at('2026-12-04'), at('2026-12-05'), shape, false);
    // The list entry moves (1 + 1); the ALL entry carries the list key too, so it is rewritten (1.5 KB: 2).
    expect(bill.indexes).toEqual({ LIST: 2, ALLX: 2 });
    const moved = itemWriteBill(at('2026-12-04'), { ...at('2026-12-04'), AK: s('B') }, shape, false);
    expect(moved.indexes).toEqual({ ALLX: 4 });
  });

  it('does not double index writes in a transaction: the index is updated after the commit', () => {
    const bill = itemWriteBill(undefined, item(500, { KK: s('K') }), shape, true);
    expect(bill).toEqual({ table: 2, indexes: { KEYS: 1 } });
  });

  it('compares maps and sets whatever the order of their keys and members', () => {
    const a = item(300, { AK: s('A'), m: { M: { x: s('1'), y: s('2') } }, tags: { SS: ['a', 'b'] } });
    const b = item(300, { AK: s('A'), m: { M: { y: s('2'), x: s('1') } }, tags: { SS: ['b', 'a'] } });
    expect(itemWriteBill(a, b, shape, false).indexes).toEqual({});
  });
});
