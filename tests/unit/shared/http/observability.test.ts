import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpHandler } from '../../../../functions/shared/http/handler.js';
import { logger, metrics } from '../../../../functions/shared/observability.js';
import { apiEvent, lambdaContext, parseResponse } from '../../../fixtures/http.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('httpHandler observability', () => {
  it('puts the Lambda context into the logger and flushes the metrics a request added, on success and on error', async () => {
    // Prepare
    const addContext = vi.spyOn(logger, 'addContext');
    const published: string[][] = [];
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(function (this: typeof metrics) {
      published.push(Object.keys(this.serializeMetrics()).filter((key) => key === 'RequestsCounted'));
      this.clearMetrics();
      return this;
    });
    const handler = httpHandler({ roles: 'public' }, async (request) => {
      metrics.addMetric('RequestsCounted', MetricUnit.Count, 1);
      if (request.headers['x-fail'] === 'yes') throw new Error('boom');
      return { statusCode: 200, body: { ok: true } };
    });
    const context = lambdaContext('observed-function');

    // Act
    const ok = parseResponse(await handler(apiEvent({ method: 'GET', claims: null }), context));
    const failed = parseResponse(
      await handler(apiEvent({ method: 'GET', claims: null, headers: { 'x-fail': 'yes' } }), context),
    );

    // Assess
    expect([ok.statusCode, failed.statusCode]).toEqual([200, 500]);
    expect(addContext).toHaveBeenCalledTimes(2);
    expect(addContext).toHaveBeenCalledWith(expect.objectContaining({ functionName: 'observed-function' }));
    expect(published).toEqual([['RequestsCounted'], ['RequestsCounted']]);
  });
});
