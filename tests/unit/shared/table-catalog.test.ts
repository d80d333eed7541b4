import { describe, expect, it } from 'vitest';
import { tableDefinition, ticketListAttributes } from '../../../functions/shared/table-catalog.js';

const indexes: readonly { name: string; projection: string; include?: readonly string[] }[] =
  tableDefinition.globalSecondaryIndexes;

describe('tableDefinition', () => {
  it("projects at most 100 non-key attributes summed over its indexes (DynamoDB's limit)", () => {
    const projected = indexes.reduce((sum, index) => sum + (index.include?.length ?? 0), 0);

    expect(projected).toBeLessThanOrEqual(100);
  });

  it('projects no index ALL: each copies only what its queries read', () => {
    expect(indexes.filter((index) => index.projection === 'ALL').map((index) => index.name)).toEqual([]);
  });

  it("projects the list and the refund on the customer's index, nothing of an order's own", () => {
    const customerIndex = indexes.find((index) => index.name === 'GSI1');

    expect(customerIndex?.projection).toBe('INCLUDE');
    expect(customerIndex?.include).toEqual([...ticketListAttributes, 'refund']);
    for (const orderOnly of ['summaryItems', 'summaryTotal', 'ticketCount', 'customerEmail'])
      expect(customerIndex?.include).not.toContain(orderOnly);
  });
});
