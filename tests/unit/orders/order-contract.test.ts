import { describe, expect, it } from 'vitest';
import { putOrderRequestSchema } from '../../../functions/orders/contracts/order.js';
import { zodIssuesToFieldErrors } from '../../../functions/shared/http/validation.js';

const kettle = { sku: 'KETTLE-1', name: 'Kettle', quantity: 2, unitPrice: 12900 };
const request = (overrides: Record<string, unknown> = {}) => ({
  customerId: 'c-1',
  customerEmail: 'ann@example.com',
  currency: 'CNY',
  placedAt: '2026-11-01T08:00:00Z',
  items: [kettle],
  ...overrides,
});

function paths(body: unknown): string[] {
  const parsed = putOrderRequestSchema().safeParse(body);
  return parsed.success ? [] : zodIssuesToFieldErrors(parsed.error.issues).map((e) => e.path);
}

describe('putOrderRequestSchema', () => {
  it('defaults the new facts: no shipping time, name or zone; no discount; not final sale', () => {
    const parsed = putOrderRequestSchema().parse(request());

    expect(parsed).toMatchObject({ shippedAt: null, customerName: null, timeZone: null });
    expect(parsed.items[0]).toMatchObject({ discount: 0, finalSale: false });
  });

  it('takes shipping and delivery times in order, a name, an IANA zone and a discount', () => {
    const parsed = putOrderRequestSchema().parse(
      request({
        shippedAt: '2026-11-02T08:00:00Z',
        deliveredAt: '2026-11-03T08:00:00Z',
        customerName: 'Ann',
        timeZone: 'Asia/Shanghai',
        items: [{ ...kettle, discount: 2 * 12900, finalSale: true }],
      }),
    );

    expect(parsed).toMatchObject({ shippedAt: '2026-11-02T08:00:00Z', timeZone: 'Asia/Shanghai' });
    expect(parsed.items[0]).toMatchObject({ discount: 25800, finalSale: true });
  });

  it('refuses shipping before the order and delivery before shipping, naming the field', () => {
    expect(paths(request({ shippedAt: '2026-10-31T08:00:00Z' }))).toEqual(['shippedAt']);
    expect(
      paths(request({ shippedAt: '2026-11-03T08:00:00Z', deliveredAt: '2026-11-02T08:00:00Z' })),
    ).toEqual(['deliveredAt']);
  });

  it('refuses an unknown time zone, an empty or long name, and a discount above the line', () => {
    expect(paths(request({ timeZone: 'Mars/Olympus' }))).toEqual(['timeZone']);
    expect(paths(request({ customerName: '' }))).toEqual(['customerName']);
    expect(paths(request({ customerName: 'x'.repeat(201) }))).toEqual(['customerName']);
    expect(paths(request({ items: [{ ...kettle, discount: 25801 }] }))).toEqual(['items.0.discount']);
    expect(paths(request({ items: [{ ...kettle, discount: -1 }] }))).toEqual(['items.0.discount']);
  });

  it('bounds every amount, each line and the total at 10^13 minor units', () => {
    const gold = { sku: 'GOLD', name: 'Gold', quantity: 1, unitPrice: 10_000_000_000_000 };

    expect(paths(request({ items: [gold] }))).toEqual([]);
    expect(paths(request({ items: [{ ...gold, unitPrice: 10_000_000_000_001 }] }))).toEqual([
      'items.0.unitPrice',
    ]);
    expect(paths(request({ items: [{ ...gold, quantity: 10_000, unitPrice: 999_999_999_999 }] }))).toEqual([
      'items.0.unitPrice',
    ]);
    expect(paths(request({ items: [gold], shippingFee: 1 }))).toEqual(['items']);
    expect(paths(request({ items: [gold], shippingFee: 10_000_000_000_001 }))).toEqual(['shippingFee']);
    expect(paths(request({ items: [{ ...gold, discount: 10_000_000_000_001 }] }))).toEqual([
      'items.0.discount',
    ]);
    expect(paths(request({ items: [{ ...gold, discount: 1 }], shippingFee: 1 }))).toEqual([]);
  });
});
