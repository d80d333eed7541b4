import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/ports.js';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime.js';

/**
 * A local runtime that can be stopped and started again on the same data folder and API port,
 * as `npm start` is (the handler modules, loaded once per process like warm Lambdas, keep the
 * partner URLs they were built with) — for the tests of what survives a restart or a crash.
 */
export function restartableRuntime(name: string, options: Partial<RuntimeOptions> = {}) {
  const running: Runtime[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), `redress-${name}-`));
  let port: number | undefined;

  async function start(): Promise<Runtime> {
    port ??= await freePort();
    const runtime = await startRuntime({
      port,
      dataDir,
      visibilityTimeoutSeconds: 1,
      paymentGatewayTimeoutMs: 1000,
      ...options,
    });
    running.push(runtime);
    return runtime;
  }

  /** Stops one run (a restart follows). */
  async function stop(runtime: Runtime): Promise<void> {
    await runtime.stop();
    running.splice(running.indexOf(runtime), 1);
  }

  /** Stops what still runs and deletes the data (afterAll). */
  async function dispose(): Promise<void> {
    for (const runtime of running.splice(0)) await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  return { start, stop, dispose };
}

export async function call(runtime: Runtime, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function token(runtime: Runtime, sub: string, groups: string[]): Promise<string> {
  return (
    await call(runtime, 'POST', '/_local/token', undefined, { sub, groups, email: `${sub}@example.com` })
  ).body.token;
}
