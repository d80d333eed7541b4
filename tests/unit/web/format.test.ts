import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatRelative, minorToDecimal, parseMoney } from '../../../web/src/format.js';

describe('console money', () => {
  it('formats integer minor units in the currency, exactly', () => {
    expect(formatMoney(12900, 'CNY', 'zh-CN')).toBe('¥129.00');
    expect(formatMoney(12900, 'CNY', 'en')).toBe('CN¥129.00');
    expect(formatMoney(5, 'JPY', 'en')).toBe('¥5');
    expect(formatMoney(1234, 'KWD', 'en')).toBe('KWD\u00a01.234');
    // The largest amount the API takes: a binary fraction of it would lose the last cent.
    expect(formatMoney(9_999_999_999_999, 'USD', 'en')).toBe('$99,999,999,999.99');
    expect(formatMoney(-5, 'EUR', 'en')).toBe('-€0.05');
  });

  it('reads what a person typed back into the same minor units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999_999 }),
        fc.constantFrom('CNY', 'JPY', 'KWD'),
        (minor, currency) => {
          expect(parseMoney(minorToDecimal(minor, currency), currency)).toBe(minor);
        },
      ),
    );
  });

  it('refuses more decimals than the currency has, signs and words', () => {
    expect(parseMoney('12.5', 'CNY')).toBe(1250);
    expect(parseMoney('12,50', 'EUR')).toBe(1250);
    expect(parseMoney('12.555', 'CNY')).toBeNull();
    expect(parseMoney('7.1', 'JPY')).toBeNull();
    expect(parseMoney('-3', 'CNY')).toBeNull();
    expect(parseMoney('ten', 'CNY')).toBeNull();
  });
});

describe('console times', () => {
  it('counts down to a deadline in the largest whole unit', () => {
    const now = new Date('2026-11-05T08:00:00Z');
    expect(formatRelative('2026-11-05T11:00:00Z', now, 'en')).toBe('in 3 hours');
    expect(formatRelative('2026-11-05T07:58:00Z', now, 'en')).toBe('2 minutes ago');
    expect(formatRelative('2026-11-07T08:00:00Z', now, 'zh-CN')).toBe('后天');
  });
});
