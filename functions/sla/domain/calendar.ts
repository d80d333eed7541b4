import { DateTime, IANAZone } from 'luxon';

/**
 * Business calendars: `24x7`, or a time zone with weekly working hours and holidays.
 * Deadlines are counted in business time; all arithmetic is in milliseconds on UTC instants,
 * with working hours laid out in the calendar's own zone (so DST shifts are honoured).
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export type Interval = readonly [string, string];

export interface BusinessCalendar {
  readonly timezone: string;
  readonly weekly: Readonly<Partial<Record<Weekday, readonly Interval[]>>>;
  /** Local dates (YYYY-MM-DD) with no working hours. */
  readonly holidays: readonly string[];
}

export type Calendar = '24x7' | BusinessCalendar;

const MINUTE = 60_000;
/** How far ahead we look for working time before declaring a calendar unusable. */
const MAX_DAYS = 3 * 366;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The working stretches of one local day, as UTC millisecond pairs. */
function workingStretches(calendar: BusinessCalendar, day: DateTime): [number, number][] {
  if (calendar.holidays.includes(day.toISODate() ?? '')) return [];
  const weekday = weekdays[day.weekday - 1] as Weekday;
  // Wall-clock times of that day: `set`, not `plus`, so a DST change keeps 09:00 at 09:00.
  const at = (time: string) => {
    const minutes = minutesOf(time);
    return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
  };
  return (calendar.weekly[weekday] ?? []).map(([from, to]) => {
    const start = at(from);
    const end = to === '24:00' ? day.plus({ days: 1 }).startOf('day') : at(to);
    return [start.toMillis(), end.toMillis()];
  });
}

function* daysFrom(calendar: BusinessCalendar, instant: number): Generator<DateTime> {
  let day = DateTime.fromMillis(instant, { zone: calendar.timezone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++) {
    yield day;
    day = day.plus({ days: 1 }).startOf('day');
  }
  throw new Error('The calendar has no working time in the next three years');
}

/** The instant at which `minutes` of business time have passed after `start`. */
export function addBusinessMinutes(calendar: Calendar, start: Date, minutes: number): Date {
  return addBusinessMs(calendar, start, minutes * MINUTE);
}

/** The instant at which `ms` milliseconds of business time have passed after `start`. */
export function addBusinessMs(calendar: Calendar, start: Date, ms: number): Date {
  if (ms <= 0) return new Date(start.getTime());
  if (calendar === '24x7') return new Date(start.getTime() + ms);
  let remaining = ms;
  const from = start.getTime();
  for (const day of daysFrom(calendar, from)) {
    for (const [open, close] of workingStretches(calendar, day)) {
      const begin = Math.max(open, from);
      if (close <= begin) continue;
      if (close - begin >= remaining) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  throw new Error('unreachable');
}

/** Business milliseconds between two instants (0 when `to` is not after `from`). */
export function businessMsBetween(calendar: Calendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (calendar === '24x7') return b - a;
  let total = 0;
  for (const day of daysFrom(calendar, a)) {
    if (day.toMillis() >= b) break;
    for (const [open, close] of workingStretches(calendar, day)) {
      const begin = Math.max(open, a);
      const end = Math.min(close, b);
      if (end > begin) total += end - begin;
    }
  }
  return total;
}

/** Whether the calendar has any working time at all in a normal week. */
export function hasWorkingTime(calendar: Calendar): boolean {
  if (calendar === '24x7') return true;
  return weekdays.some((day) =>
    (calendar.weekly[day] ?? []).some(([from, to]) => minutesOf(to) > minutesOf(from)),
  );
}
