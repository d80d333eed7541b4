/**
 * The HTTP functions' timeout, shared by the CDK stack (every route's Lambda) and the local API
 * stand-in (local/api-server.ts), which gives up at the same moment Lambda would. The handlers
 * themselves answer 503 a margin before it (functions/shared/http/handler.ts).
 */
export const HTTP_FUNCTION_TIMEOUT_SECONDS = 10;

export interface RouteThrottle {
  /** Requests per second, steady. */
  readonly rateLimit: number;
  /** Requests at once. */
  readonly burstLimit: number;
}

/** The stage's default limit (the stage settings `apiThrottleRateLimit`, `apiThrottleBurstLimit`). */
export const DEFAULT_STAGE_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const satisfies RouteThrottle;

/**
 * Per-route limits of the stage, below its default (`apiThrottleRateLimit`/`BurstLimit`): every
 * route that writes (POST, PUT, DELETE) gets `write`, the public write (the survey answer, no
 * sign-in) `publicWrite`, far below the rest. API Gateway shares them among all callers, so they
 * protect the backend only; per-caller limits are the application's (MAX_TICKETS_PER_HOUR).
 * The local API applies the same limits (local/throttle.ts).
 */
export const ROUTE_THROTTLES = {
  write: { rateLimit: 50, burstLimit: 100 },
  publicWrite: { rateLimit: 5, burstLimit: 10 },
} as const satisfies Record<string, RouteThrottle>;

/** A route's own limit, never above the stage's; undefined where the stage's default applies (reads). */
export function routeThrottle(
  route: { readonly method: string; readonly roles: readonly string[] | 'public' },
  stage: RouteThrottle,
): RouteThrottle | undefined {
  if (route.method === 'GET') return undefined;
  const own = route.roles === 'public' ? ROUTE_THROTTLES.publicWrite : ROUTE_THROTTLES.write;
  return {
    rateLimit: Math.min(own.rateLimit, stage.rateLimit),
    burstLimit: Math.min(own.burstLimit, stage.burstLimit),
  };
}
