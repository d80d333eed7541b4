import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMsBetween,
  hasWorkingTime,
} from '../../../functions/sla/domain/calendar.js';

const shanghaiOffice: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  weekly: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    tue: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    wed: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    thu: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    fri: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
  },
  holidays: ['2026-10-01', '2026-10-02'],
};

const newYorkWeekdays: BusinessCalendar = {
  timezone: 'America/New_York',
  weekly: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
    sun: [['00:00', '24:00']],
  },
  holidays: [],
};

const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  it('adds wall-clock minutes on a 24x7 calendar', () => {
    expect(addBusinessMinutes('24x7', at('2026-11-24T23:30:00Z'), 90).toISOString()).toBe(
      '2026-11-25T01:00:00.000Z',
    );
  });

  it('carries a deadline over the lunch break, the night and the weekend', () => {
    // Friday 17:00 in Shanghai (09:00Z) plus 2 business hours: one hour on Friday, one on Monday.
    expect(addBusinessMinutes(shanghaiOffice, at('2026-11-27T09:00:00Z'), 120).toISOString()).toBe(
      '2026-11-30T02:00:00.000Z',
    );
    // Monday 11:30 plus 60 minutes: 30 before lunch, 30 after.
    expect(addBusinessMinutes(shanghaiOffice, at('2026-11-30T03:30:00Z'), 60).toISOString()).toBe(
      '2026-11-30T05:30:00.000Z',
    );
  });

  it('skips a holiday that falls inside the deadline', () => {
    // Wednesday 30 Sep 17:00 plus 2 hours: 1 h on Wednesday, 1 Oct and 2 Oct are holidays, then
    // the weekend, so the deadline is Monday 5 Oct 10:00 Shanghai.
    expect(addBusinessMinutes(shanghaiOffice, at('2026-09-30T09:00:00Z'), 120).toISOString()).toBe(
      '2026-10-05T02:00:00.000Z',
    );
  });

  it('starts counting at the next opening when the clock starts outside working hours', () => {
    // Saturday noon in Shanghai plus 30 minutes: Monday 09:30.
    expect(addBusinessMinutes(shanghaiOffice, at('2026-11-28T04:00:00Z'), 30).toISOString()).toBe(
      '2026-11-30T01:30:00.000Z',
    );
  });

  it('counts the real length of a day on which daylight saving ends', () => {
    // Sunday 1 Nov 2026 in New York has 25 hours; 24 business hours from its start end at 23:00 local.
    const start = at('2026-11-01T04:00:00Z'); // 00:00 EDT
    expect(addBusinessMinutes(newYorkWeekdays, start, 24 * 60).toISOString()).toBe(
      '2026-11-02T04:00:00.000Z',
    );
    expect(businessMsBetween(newYorkWeekdays, start, at('2026-11-02T05:00:00Z')) / 3_600_000).toBe(25);
  });

  it('keeps opening hours in local time across the spring change', () => {
    // Monday 9 March 2026 (EDT since Sunday): 09:00 local is 13:00Z, not 14:00Z.
    expect(addBusinessMinutes(newYorkWeekdays, at('2026-03-09T12:00:00Z'), 60).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });
});

describe('businessMsBetween', () => {
  it('is zero when the end is not after the start', () => {
    expect(businessMsBetween(shanghaiOffice, at('2026-11-30T05:00:00Z'), at('2026-11-30T04:00:00Z'))).toBe(0);
  });

  it('inverts addBusinessMinutes for any start and duration', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom<BusinessCalendar | '24x7'>(shanghaiOffice, newYorkWeekdays, '24x7'),
        (start, minutes, calendar) => {
          const end = addBusinessMinutes(calendar, start, minutes);
          expect(businessMsBetween(calendar, start, end)).toBe(minutes * 60_000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never counts more than the wall-clock time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        (start, minutes) => {
          const end = new Date(start.getTime() + minutes * 60_000);
          expect(businessMsBetween(shanghaiOffice, start, end)).toBeLessThanOrEqual(
            end.getTime() - start.getTime(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('hasWorkingTime', () => {
  it('rejects a calendar with no working hours', () => {
    expect(hasWorkingTime({ timezone: 'UTC', weekly: {}, holidays: [] })).toBe(false);
    expect(hasWorkingTime(shanghaiOffice)).toBe(true);
  });
});
