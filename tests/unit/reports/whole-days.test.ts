import { describe, expect, it } from 'vitest';
import { dayOf, wholeDays } from '../../../functions/reports/domain/whole-days.js';

const at = (value: string) => new Date(value);

describe('wholeDays', () => {
  it('keeps a period on midnights as it is and lists its days', () => {
    expect(wholeDays({ from: at('2026-11-01T00:00:00Z'), to: at('2026-11-04T00:00:00Z') })).toEqual({
      from: at('2026-11-01T00:00:00Z'),
      to: at('2026-11-04T00:00:00Z'),
      days: ['2026-11-01', '2026-11-02', '2026-11-03'],
      requested: null,
    });
  });

  it('rounds a from and to inside days out to whole days and says what was asked', () => {
    const requested = { from: at('2026-11-01T08:30:00Z'), to: at('2026-11-02T00:00:00.001Z') };

    expect(wholeDays(requested)).toEqual({
      from: at('2026-11-01T00:00:00Z'),
      to: at('2026-11-03T00:00:00Z'),
      days: ['2026-11-01', '2026-11-02'],
      requested,
    });
  });

  it('covers a period inside one day with that day', () => {
    const result = wholeDays({ from: at('2026-12-31T10:00:00Z'), to: at('2026-12-31T11:00:00Z') });

    expect(result.days).toEqual(['2026-12-31']);
    expect(result.to).toEqual(at('2027-01-01T00:00:00Z'));
  });

  it('counts a creation time under its UTC day', () => {
    expect(dayOf('2026-11-01T23:59:59.999Z')).toBe('2026-11-01');
    expect(dayOf('2026-11-02T07:00:00+08:00')).toBe('2026-11-01');
  });
});
