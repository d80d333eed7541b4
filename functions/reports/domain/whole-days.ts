import type { Period } from './period.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * A report period in whole UTC days, as the aggregates keep them: [from, to) from midnight to
 * midnight, the days it covers (`YYYY-MM-DD`, oldest first), and what the caller asked for when
 * that was not already whole days.
 */
export interface DayPeriod {
  readonly from: Date;
  readonly to: Date;
  readonly days: readonly string[];
  /**
   * The period asked for, when `from` or `to` fell inside a day and was rounded out (`from`
   * down to its midnight, `to` up to the next one); null when it was whole days already.
   */
  readonly requested: Period | null;
}

/** The UTC day of an instant, `YYYY-MM-DD`: the day an aggregate counts a ticket under. */
export function dayOf(instant: Date | string): string {
  return (typeof instant === 'string' ? new Date(instant) : instant).toISOString().slice(0, 10);
}

/** Rounds a period out to whole UTC days; a period already on midnights is kept as it is. */
export function wholeDays(period: Period): DayPeriod {
  const from = new Date(Math.floor(period.from.getTime() / DAY) * DAY);
  const to = new Date(Math.ceil(period.to.getTime() / DAY) * DAY);
  const days: string[] = [];
  for (let day = from.getTime(); day < to.getTime(); day += DAY) days.push(dayOf(new Date(day)));
  const rounded = from.getTime() !== period.from.getTime() || to.getTime() !== period.to.getTime();
  return { from, to, days, requested: rounded ? { from: period.from, to: period.to } : null };
}
