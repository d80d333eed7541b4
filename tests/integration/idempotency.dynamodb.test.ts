import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/shared/errors.js';
import { makeIdempotentCall } from '../../functions/shared/idempotency.js';
import { lambdaContext } from '../../local/lambda.js';
import { type LocalTable, startLocalTable } from './support.js';

let table: LocalTable;

beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(async () => table?.stop());

describe('makeIdempotentCall', () => {
  it('runs once per key and payload, answering retries with the stored result', async () => {
    let runs = 0;
    const call = makeIdempotentCall(async ({ payload }: { key: string; payload: { n: number } }) => {
      runs += 1;
      return { n: payload.n, run: runs };
    });

    const first = await call({ key: 'u1#k1', payload: { n: 1 } }, lambdaContext('test'));
    const retry = await call({ key: 'u1#k1', payload: { n: 1 } }, lambdaContext('test'));
    const otherCaller = await call({ key: 'u2#k1', payload: { n: 1 } }, lambdaContext('test'));

    expect(first).toEqual({ n: 1, run: 1 });
    expect(retry).toEqual({ n: 1, run: 1 });
    expect(otherCaller).toEqual({ n: 1, run: 2 });
    expect(runs).toBe(2);
  });

  it('refuses the same key with another payload as a conflict', async () => {
    const call = makeIdempotentCall(async ({ payload }: { key: string; payload: { n: number } }) => payload);
    await call({ key: 'u1#k2', payload: { n: 1 } }, lambdaContext('test'));

    const error = await call({ key: 'u1#k2', payload: { n: 2 } }, lambdaContext('test')).catch((e) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('forgets a failed attempt so that a retry runs again', async () => {
    let runs = 0;
    const call = makeIdempotentCall(async () => {
      runs += 1;
      if (runs === 1) throw new Error('transient');
      return { ok: true };
    });

    await expect(call({ key: 'u1#k3', payload: {} }, lambdaContext('test'))).rejects.toThrow('transient');
    await expect(call({ key: 'u1#k3', payload: {} }, lambdaContext('test'))).resolves.toEqual({ ok: true });
    expect(runs).toBe(2);
  });
});
