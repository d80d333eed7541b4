import { DEFAULT_STAGE_THROTTLE, type RouteThrottle, routeThrottle } from '../lib/config/http.js';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * API Gateway's throttling, locally: one token bucket per route, filled at the route's rate up
 * to its burst — the per-route limits the stack deploys (lib/config/http.ts `routeThrottle`),
 * the stage's default elsewhere. Shared by every caller, as on AWS.
 */
export class RouteThrottles {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly stage: RouteThrottle = DEFAULT_STAGE_THROTTLE,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request's token from the route's bucket; false when the route is over its limit. */
  take(route: {
    readonly method: string;
    readonly path: string;
    readonly roles: readonly string[] | 'public';
  }) {
    const limit = routeThrottle(route, this.stage) ?? this.stage;
    const key = `${route.method} ${route.path}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burstLimit, at: now };
    bucket.tokens = Math.min(limit.burstLimit, bucket.tokens + ((now - bucket.at) / 1000) * limit.rateLimit);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
