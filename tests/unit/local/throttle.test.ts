import { describe, expect, it } from 'vitest';
import { ROUTE_THROTTLES } from '../../../lib/config/http.js';
import { RouteThrottles } from '../../../local/throttle.js';

const survey = { method: 'POST', path: '/v1/surveys/{surveyToken}', roles: 'public' } as const;
const create = { method: 'POST', path: '/v1/tickets', roles: ['customer'] } as const;
const list = { method: 'GET', path: '/v1/tickets', roles: ['customer'] } as const;

function throttlesAt(clock: { now: number }) {
  return new RouteThrottles({ rateLimit: 100, burstLimit: 200 }, () => clock.now);
}

const taken = (throttles: RouteThrottles, route: typeof survey | typeof create | typeof list, n: number) =>
  Array.from({ length: n }, () => throttles.take(route)).filter(Boolean).length;

describe('local route throttles', () => {
  it("lets a route's burst through at once, then refuses until its rate refills the bucket", () => {
    const clock = { now: 0 };
    const throttles = throttlesAt(clock);

    expect(taken(throttles, survey, 30)).toBe(ROUTE_THROTTLES.publicWrite.burstLimit);
    clock.now += 1000;
    expect(taken(throttles, survey, 30)).toBe(ROUTE_THROTTLES.publicWrite.rateLimit);
  });

  it('keeps one bucket per route: a throttled survey route leaves the ticket routes alone', () => {
    const clock = { now: 0 };
    const throttles = throttlesAt(clock);
    taken(throttles, survey, 30);

    expect(taken(throttles, create, 150)).toBe(ROUTE_THROTTLES.write.burstLimit);
    expect(taken(throttles, list, 250)).toBe(200);
  });

  it('never holds more than the burst, however long the route was idle', () => {
    const clock = { now: 0 };
    const throttles = throttlesAt(clock);
    clock.now += 3_600_000;

    expect(taken(throttles, survey, 30)).toBe(ROUTE_THROTTLES.publicWrite.burstLimit);
  });
});
