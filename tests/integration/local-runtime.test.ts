import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertJava } from '../../local/dynamodb-local.js';
import { startRuntime } from '../../local/runtime.js';

describe('local runtime start-up checks', () => {
  const savedPath = process.env.PATH;
  let blocker: Server | undefined;
  afterEach(async () => {
    process.env.PATH = savedPath;
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  it('names the fix when Java is missing', () => {
    process.env.PATH = '/nonexistent';

    expect(() => assertJava()).toThrow(
      /Java 17 or newer is required[\s\S]*apt-get install -y openjdk-17-jre-headless/,
    );
  });

  it('refuses a taken port with a clear message before starting any emulator', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    const began = Date.now();

    await expect(startRuntime({ port })).rejects.toThrow(`Port ${port} is already in use`);
    expect(Date.now() - began).toBeLessThan(1000);
  });
});

describe('local runtime data', () => {
  it('keeps data across a restart, starts empty with fresh, and leaves no Java process behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redress-data-'));
    const facts = {
      customerId: 'c-1',
      customerEmail: 'ann@example.com',
      currency: 'EUR',
      placedAt: '2026-11-01T08:00:00Z',
      items: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: 100 }],
    };
    const readOrder = async (runtime: Awaited<ReturnType<typeof startRuntime>>) => {
      const token = (await (
        await fetch(`${runtime.apiUrl}/_local/token`, {
          method: 'POST',
          body: '{"sub":"shop","groups":["integrations"]}',
        })
      ).json()) as { token: string };
      return fetch(`${runtime.apiUrl}/v1/orders/o-keep`, {
        headers: { authorization: `Bearer ${token.token}` },
      });
    };
    const javaRunning = () => {
      try {
        return execFileSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).trim().length > 0;
      } catch {
        return false;
      }
    };

    const first = await startRuntime({ port: 0, dataDir });
    const token = (await (
      await fetch(`${first.apiUrl}/_local/token`, {
        method: 'POST',
        body: '{"sub":"shop","groups":["integrations"]}',
      })
    ).json()) as { token: string };
    const put = await fetch(`${first.apiUrl}/v1/orders/o-keep`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(facts),
    });
    await first.stop();
    const stoppedCleanly = !javaRunning();

    const second = await startRuntime({ port: 0, dataDir });
    const kept = await readOrder(second);
    await second.stop();

    const third = await startRuntime({ port: 0, dataDir, fresh: true });
    const wiped = await readOrder(third);
    await third.stop();

    expect(put.status).toBe(201);
    expect(stoppedCleanly).toBe(true);
    expect(kept.status).toBe(200);
    expect(wiped.status).toBe(404);
    expect(javaRunning()).toBe(false);
  }, 60_000);
});
