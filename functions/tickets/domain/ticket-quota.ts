import { TooManyRequestsError } from '../../shared/errors.js';

const HOUR = 60 * 60 * 1000;

/**
 * How many tickets a customer may open in one clock hour (UTC): the counter of that hour, its
 * limit, and when it stops mattering. Only tickets a customer opens count; staff opening one on
 * a customer's behalf is not the abuse this guards against.
 */
export interface TicketQuota {
  readonly customerId: string;
  /** The clock hour the ticket is opened in, e.g. `2026-12-03T13`. */
  readonly hour: string;
  readonly max: number;
  /** When the hour is over: the counter may go (TTL) and a refused caller may try again. */
  readonly endsAt: Date;
}

export function ticketQuota(customerId: string, max: number, now: Date): TicketQuota {
  const start = Math.floor(now.getTime() / HOUR) * HOUR;
  return {
    customerId,
    hour: new Date(start).toISOString().slice(0, 13),
    max,
    endsAt: new Date(start + HOUR),
  };
}

/** The refusal once the hour's tickets are used up: 429 with `Retry-After` until the hour ends. */
export function quotaExceeded(quota: TicketQuota, now: Date): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil((quota.endsAt.getTime() - now.getTime()) / 1000));
  return new TooManyRequestsError(
    'TOO_MANY_TICKETS',
    `A customer may open at most ${quota.max} tickets an hour; try again after ${quota.endsAt.toISOString()}.`,
    seconds,
  );
}
