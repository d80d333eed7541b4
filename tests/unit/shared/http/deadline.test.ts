import { describe, expect, it } from 'vitest';
import { httpHandler } from '../../../../functions/shared/http/handler.js';
import { apiEvent, lambdaContext, parseResponse } from '../../../fixtures/http.js';

/** A context whose function has `ms` left, counted from now. */
function contextWithRemaining(ms: number) {
  const deadline = Date.now() + ms;
  return {
    ...lambdaContext('slow-function'),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

describe('httpHandler deadline', () => {
  it('answers 503 problem+json with Retry-After before the function would time out', async () => {
    const hanging = httpHandler({ roles: 'public' }, () => new Promise(() => undefined));
    const started = Date.now();

    const result = parseResponse(await hanging(apiEvent({ claims: null }), contextWithRemaining(1300)));
    const took = Date.now() - started;

    expect(result.statusCode).toBe(503);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.headers['retry-after']).toMatch(/^\d+$/);
    expect(result.body).toMatchObject({ status: 503, code: 'DEADLINE_EXCEEDED' });
    // It stops a margin (1 s by default) before the function's own timeout.
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(1000);
  });

  it('lets a handler that finishes in time answer as usual', async () => {
    const quick = httpHandler({ roles: 'public' }, async () => ({ statusCode: 200, body: { ok: true } }));

    const result = parseResponse(await quick(apiEvent({ claims: null }), contextWithRemaining(1300)));

    expect(result).toMatchObject({ statusCode: 200, body: { ok: true } });
  });
});
