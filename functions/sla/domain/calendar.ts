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
  if (zone === '') return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

// ---- Wall-clock time in a zone, with Intl only ------------------------------------------------
// An instant's wall-clock fields come from Intl; a wall-clock time's instant is found from an
// offset guess corrected once or twice, so that DST gaps move forward and overlaps take the
// earlier instant (the same choices luxon made).

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return wall - whole;
}

/** The instant of a wall-clock time (as UTC milliseconds of its fields), starting from a guessed offset. */
function instantOf(wall: number, guess: number, zone: string): { instant: number; offset: number } {
  const first = wall - guess;
  const o2 = offsetAt(first, zone);
  if (o2 === guess) return { instant: first, offset: guess };
  const second = first - (o2 - guess);
  const o3 = offsetAt(second, zone);
  if (o2 === o3) return { instant: second, offset: o2 };
  // A wall-clock time in a DST gap: move it forward by the gap.
  return { instant: wall - Math.min(o2, o3), offset: Math.max(o2, o3) };
}

/** One local day of a calendar: its start (local midnight, or the first instant after it) and date. */
interface LocalDay {
  readonly start: number;
  readonly offset: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function dayAt(wall: number, guess: number, zone: string): LocalDay {
  const date = new Date(wall);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const { instant, offset } = instantOf(midnight, guess, zone);
  return {
    start: instant,
    offset,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  };
}

/** The local day an instant falls on. */
function dayOf(instant: number, zone: string): LocalDay {
  const offset = offsetAt(instant, zone);
  return dayAt(instant + offset, offset, zone);
}

/** The local day after `day`. */
function nextDay(day: LocalDay, zone: string): LocalDay {
  const wall = day.start + day.offset;
  const time = new Date(wall);
  const tomorrow = Date.UTC(
    time.getUTCFullYear(),
    time.getUTCMonth(),
    time.getUTCDate() + 1,
    time.getUTCHours(),
    time.getUTCMinutes(),
    time.getUTCSeconds(),
  );
  const moved = instantOf(tomorrow, day.offset, zone);
  return dayAt(moved.instant + moved.offset, moved.offset, zone);
}

const pad = (value: number) => String(value).padStart(2, '0');
const isoDate = (day: LocalDay) => `${day.year}-${pad(day.month)}-${pad(day.day)}`;
/** Monday = 0 … Sunday = 6. */
const weekdayIndex = (day: LocalDay) =>
  (new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() + 6) % 7;

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The working stretches of one local day, as UTC millisecond pairs. */
function workingStretches(calendar: BusinessCalendar, day: LocalDay): [number, number][] {
  if (calendar.holidays.includes(isoDate(day))) return [];
  const weekday = weekdays[weekdayIndex(day)] as Weekday;
  // Wall-clock times of that day, so a DST change keeps 09:00 at 09:00.
  const at = (time: string) => {
    const minutes = minutesOf(time);
    const wall = Date.UTC(day.year, day.month - 1, day.day, Math.floor(minutes / 60), minutes % 60);
    return instantOf(wall, day.offset, calendar.timezone).instant;
  };
  return (calendar.weekly[weekday] ?? []).map(([from, to]) => {
    const end = to === '24:00' ? nextDay(day, calendar.timezone).start : at(to);
    return [at(from), end];
  });
}

function* daysFrom(calendar: BusinessCalendar, instant: number): Generator<LocalDay> {
  let day = dayOf(instant, calendar.timezone);
  for (let i = 0; i < MAX_DAYS; i++) {
    yield day;
    day = nextDay(day, calendar.timezone);
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
    if (day.start >= b) break;
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
