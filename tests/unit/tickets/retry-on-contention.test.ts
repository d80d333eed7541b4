import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../functions/shared/errors.js';
import {
  contentionDeadlineMs,
  retryOnContention,
} from '../../../functions/tickets/use-cases/retry-on-contention.js';

/** A fake clock whose sleeps move time on, and records them. */
function fakeTime(random = () => 1) {
  let t = 0;
  const pauses: number[] = [];
  return {
    pauses,
    options: {
      now: () => t,
      sleep: async (ms: number) => {
        pauses.push(ms);
        t += ms;
      },
      random,
    },
  };
}

const stale = new ConflictError('moved on', 'STALE_VERSION');

describe('retryOnContention', () => {
  it('retries a lost race with exponentially growing, capped pauses until the deadline', async () => {
    const time = fakeTime();
    const retry = retryOnContention({ ...time.options, deadlineMs: 1000, baseDelayMs: 10, maxDelayMs: 100 });

    const answers: boolean[] = [];
    for (let i = 0; i < 20; i++) answers.push(await retry.again(stale));

    expect(time.pauses.slice(0, 6)).toEqual([10, 20, 40, 80, 100, 100]);
    expect(time.pauses.reduce((sum, pause) => sum + pause, 0)).toBeLessThanOrEqual(1000);
    expect(answers.slice(0, 10).every(Boolean)).toBe(true);
    expect(answers.at(-1)).toBe(false);
  });

  it('jitters each pause between zero and its bound', async () => {
    const time = fakeTime(() => 0.25);
    const retry = retryOnContention({ ...time.options, deadlineMs: 1000, baseDelayMs: 40 });

    await retry.again(stale);
    await retry.again(new ConflictError('in flight', 'CONCURRENT_UPDATE'));

    expect(time.pauses).toEqual([10, 20]);
    expect(retry.retries).toBe(2);
  });

  it('never retries other errors, nor codes it was not told about', async () => {
    const time = fakeTime();
    const retry = retryOnContention({ ...time.options, codes: ['STALE_VERSION'] });

    expect(await retry.again(new NotFoundError('gone'))).toBe(false);
    expect(await retry.again(new ConflictError('closed', 'TICKET_CLOSED'))).toBe(false);
    expect(await retry.again(new ConflictError('in flight', 'CONCURRENT_UPDATE'))).toBe(false);
    expect(time.pauses).toEqual([]);
  });

  it('reads its deadline from CONTENTION_DEADLINE_MS (default 8 s) and refuses nonsense', () => {
    expect(contentionDeadlineMs({})).toBe(8000);
    expect(contentionDeadlineMs({ CONTENTION_DEADLINE_MS: '2500' })).toBe(2500);
    expect(() => contentionDeadlineMs({ CONTENTION_DEADLINE_MS: 'soon' })).toThrow(/CONTENTION_DEADLINE_MS/);
  });
});
