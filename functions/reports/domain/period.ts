import type { FieldError } from '../../shared/errors.js';

export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;
const DAY = 24 * 60 * 60 * 1000;

/** A half-open period [from, to) of creation times. */
export interface Period {
  readonly from: Date;
  readonly to: Date;
}

/** An ISO date (midnight UTC) or date-time with offset, as an instant. */
export function instantOf(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value);
}

/**
 * The report's period from the query: `to` defaults to `now`, `from` to `DEFAULT_PERIOD_DAYS`
 * before `to`. A period that ends before it starts, or spans more than `MAX_PERIOD_DAYS`, is
 * reported against every field the caller gave.
 */
export function resolvePeriod(
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: Date,
): { period: Period } | { errors: FieldError[] } {
  const to = query.to === undefined ? now : instantOf(query.to);
  const from =
    query.from === undefined ? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY) : instantOf(query.from);
  const given = (['from', 'to'] as const).filter((field) => query[field] !== undefined);
  const blame = (message: string) => ({
    errors: given.map((field) => ({ path: `query.${field}`, message })),
  });
  if (from.getTime() >= to.getTime()) {
    return blame(
      query.to === undefined
        ? '`from` must be before now (the default `to`).'
        : '`from` must be before `to`.',
    );
  }
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY) {
    return blame(`The period may span at most ${MAX_PERIOD_DAYS} days.`);
  }
  return { period: { from, to } };
}
