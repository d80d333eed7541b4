import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMs,
  type BusinessCalendar,
  businessMsBetween,
  isValidZone,
  type Weekday,
  weekdays,
} from '../../../functions/sla/domain/calendar.js';

// The calendar lays working hours out in a zone with Intl alone. These properties compare it
// with the same rules computed by luxon (a test-only reference), across zones with DST changes
// (at 02:00, at midnight, half-hour shifts), hours that start or end in a DST gap, and '24:00'.

const zones = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Asia/Shanghai',
  'Asia/Kolkata',
  'UTC',
] as const;

function referenceStretches(calendar: BusinessCalendar, day: DateTime): [number, number][] {
  if (calendar.holidays.includes(day.toISODate() ?? '')) return [];
  const weekday = weekdays[day.weekday - 1] as Weekday;
  const at = (time: string) => {
    const [h, m] = time.split(':').map(Number);
    return day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
  };
  return (calendar.weekly[weekday] ?? []).map(([from, to]) => [
    at(from).toMillis(),
    (to === '24:00' ? day.plus({ days: 1 }).startOf('day') : at(to)).toMillis(),
  ]);
}

function referenceAdd(calendar: BusinessCalendar, start: number, ms: number): number {
  let remaining = ms;
  let day = DateTime.fromMillis(start, { zone: calendar.timezone }).startOf('day');
  for (let i = 0; i < 3 * 366; i++) {
    for (const [open, close] of referenceStretches(calendar, day)) {
      const begin = Math.max(open, start);
      if (close <= begin) continue;
      if (close - begin >= remaining) return begin + remaining;
      remaining -= close - begin;
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  throw new Error('no working time');
}

function referenceBetween(calendar: BusinessCalendar, a: number, b: number): number {
  let total = 0;
  let day = DateTime.fromMillis(a, { zone: calendar.timezone }).startOf('day');
  while (day.toMillis() < b) {
    for (const [open, close] of referenceStretches(calendar, day)) {
      const begin = Math.max(open, a);
      const end = Math.min(close, b);
      if (end > begin) total += end - begin;
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return total;
}

/** A result, or that it threw (a calendar with too little working time in three years). */
function outcome(run: () => number): number | 'throws' {
  try {
    return run();
  } catch {
    return 'throws';
  }
}

const time = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const calendarArbitrary = fc
  .record({
    timezone: fc.constantFrom(...zones),
    // Opening between 00:00 and 03:30 in half hours (DST changes happen there), closing later.
    open: fc.integer({ min: 0, max: 7 }).map((half) => half * 30),
    length: fc.integer({ min: 4, max: 48 }).map((half) => half * 30),
    days: fc.subarray([...weekdays], { minLength: 3 }),
    holiday: fc.option(
      fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
    ),
  })
  .map(({ timezone, open, length, days, holiday }): BusinessCalendar => {
    const close = open + length;
    const interval: [string, string] = [time(open), close >= 24 * 60 ? '24:00' : time(close)];
    return {
      timezone,
      weekly: Object.fromEntries(days.map((day) => [day, [interval]])),
      holidays: holiday ? [holiday.toISOString().slice(0, 10)] : [],
    };
  });

/** Days on which one of the zones changes its clocks. */
const clockChanges = [
  '2026-03-08', // New York, Havana
  '2026-03-29', // Berlin
  '2026-04-05', // Santiago, Lord Howe
  '2026-09-06', // Santiago
  '2026-10-04', // Lord Howe
  '2026-10-25', // Berlin
  '2026-11-01', // New York, Havana
].map((day) => Date.parse(`${day}T00:00:00Z`));
const DAY = 86_400_000;

/** Any instant of two years, or one in the days around a clock change. */
const instant = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
  fc.constantFrom(...clockChanges).chain((day) => fc.integer({ min: day - 3 * DAY, max: day + DAY })),
);

describe('business calendars in time zones (Intl) against a luxon reference', () => {
  it('adds business time exactly as the reference does', () => {
    fc.assert(
      fc.property(
        calendarArbitrary,
        instant,
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        (calendar, start, minutes) => {
          const ms = minutes * 60_000;
          expect(outcome(() => addBusinessMs(calendar, new Date(start), ms).getTime())).toEqual(
            outcome(() => referenceAdd(calendar, start, ms)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('measures business time between two instants exactly as the reference does', () => {
    fc.assert(
      fc.property(
        calendarArbitrary,
        instant,
        fc.integer({ min: 0, max: 21 * 24 * 60 }),
        (calendar, from, minutes) => {
          const to = from + minutes * 60_000;
          expect(businessMsBetween(calendar, new Date(from), new Date(to))).toBe(
            referenceBetween(calendar, from, to),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('knows the IANA zones and refuses what is not one', () => {
    for (const zone of [...zones, 'utc', 'Etc/GMT+5']) expect(isValidZone(zone), zone).toBe(true);
    for (const zone of ['', 'Mars/Olympus', '+08:00', 'Europe/Nowhere'])
      expect(isValidZone(zone), zone).toBe(false);
  });
});
