import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../local/lambda.js';
import { freePort } from '../local/ports.js';

/**
 * Crash recovery (issue 13): the runtime of `npm start` runs in a child process (its own process
 * group, DynamoDB Local's Java process included) on a temporary data folder. N small
 * missing-item refunds (auto-approved, paid by the local gateway) are acknowledged, then the
 * whole group is killed with SIGKILL at a random moment in the next 8 seconds — the stream
 * router, the in-memory queues and the payments mid-way. The runtime is started again on the same
 * data and the bench waits for every acknowledged refund to reach `refunded`.
 */
const N = Number(process.env.CRASH_BENCH_REFUNDS ?? 20);
const KILL_WINDOW_MS = 8_000;
const RECOVERY_TIMEOUT_MS = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Child {
  readonly process: ChildProcess;
  readonly apiUrl: string;
  output(): string;
}

async function startChild(port: number, dataDir: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'bench/crash-runtime.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), REDRESS_BENCH_DATA_DIR: dataDir },
    // Its own process group: the kill takes DynamoDB Local's Java process with it, as a crash would.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready in 90 s:\n${output}`)), 90_000);
    const check = () => {
      const ready = /ready (\S+)/.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { process: child, apiUrl, output: () => output };
}

/** SIGKILL to the whole process group; resolves once the runtime process is gone. */
async function crash(child: Child): Promise<void> {
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  process.kill(-(child.process.pid ?? 0), 'SIGKILL');
  await exited;
}

async function stopGracefully(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  process.kill(-(child.process.pid ?? 0), 'SIGTERM');
  const timer = setTimeout(() => process.kill(-(child.process.pid ?? 0), 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * One API call as a well-behaved client makes it: a 503 (the deadline answer of a busy machine)
 * is retried after its Retry-After, with the same Idempotency-Key.
 */
async function call(
  apiUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  idempotencyKey?: string,
) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 503 && attempt < 5) {
      await sleep(1000 * Number(response.headers.get('retry-after') ?? 1));
      continue;
    }
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

async function token(apiUrl: string, sub: string, groups: string[]): Promise<string> {
  return (
    await call(apiUrl, 'POST', '/_local/token', undefined, { sub, groups, email: `${sub}@example.com` })
  ).body.token as string;
}

export async function benchCrashRecovery(): Promise<void> {
  console.log(
    'Crash recovery: the npm start runtime in a child process, SIGKILLed (process group) at a random moment within %d s after %d refunds were acknowledged, then restarted on the same data',
    KILL_WINDOW_MS / 1000,
    N,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-crash-bench-'));
  const port = await freePort();
  let child: Child | undefined;
  try {
    child = await startChild(port, dataDir);
    const first = child.apiUrl;
    const shop = await token(first, 'shop', ['integrations']);
    const run = Date.now();
    const deliveredAt = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString();
    const acknowledged = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const customerId = `crash-bench-${run}-${i}`;
        const orderId = `o-${customerId}`;
        const order = await call(first, 'PUT', `/v1/orders/${orderId}`, shop, {
          customerId,
          customerEmail: `${customerId}@example.com`,
          currency: 'CNY',
          placedAt: '2026-11-01T08:00:00Z',
          deliveredAt,
          shippingFee: 1000,
          items: [{ sku: 'MUG-1', name: 'Mug', quantity: 1, unitPrice: 2500, category: 'home' }],
        });
        if (order.status !== 201) throw new Error(`order: ${order.status} ${JSON.stringify(order.body)}`);
        const created = await call(
          first,
          'POST',
          '/v1/tickets',
          await token(first, customerId, ['customers']),
          {
            type: 'refund',
            orderId,
            items: [{ sku: 'MUG-1', quantity: 1 }],
            reason: 'missing_item',
          },
        );
        if (created.status !== 201)
          throw new Error(`ticket: ${created.status} ${JSON.stringify(created.body)}`);
        return created.body.id as string;
      }),
    );
    const killAfterMs = Math.floor(Math.random() * KILL_WINDOW_MS);
    await sleep(killAfterMs);
    const paidBefore = (
      (await call(first, 'GET', '/_local/gateway/refunds')).body.refunds as { reference: string }[]
    ).filter((payment) => acknowledged.includes(payment.reference)).length;
    await crash(child);

    const restarting = Date.now();
    child = await startChild(port, dataDir);
    const second = child.apiUrl;
    const readyMs = Date.now() - restarting;
    const agent = await token(second, 'agent-bench', ['agents']);
    const refundedAt = new Map<string, number>();
    const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
    while (refundedAt.size < acknowledged.length && Date.now() < deadline) {
      for (const id of acknowledged) {
        if (refundedAt.has(id)) continue;
        const ticket = await call(second, 'GET', `/v1/tickets/${id}`, agent);
        if (ticket.body?.status === 'refunded') refundedAt.set(id, Date.now());
      }
      if (refundedAt.size < acknowledged.length) await sleep(100);
    }
    const payments = (await call(second, 'GET', '/_local/gateway/refunds')).body.refunds as {
      reference: string;
    }[];
    const perTicket = new Map<string, number>();
    for (const payment of payments)
      perTicket.set(payment.reference, (perTicket.get(payment.reference) ?? 0) + 1);
    const duplicates = [...perTicket.values()].filter((count) => count > 1).length;
    const last = Math.max(restarting, ...refundedAt.values());

    const header = [
      'acknowledged',
      'killed after',
      'paid before kill',
      'refunded',
      'restart to API up',
      'restart to last refunded',
      'tickets paid twice',
    ];
    const row = [
      String(acknowledged.length),
      `${(killAfterMs / 1000).toFixed(1)} s`,
      String(paidBefore),
      `${refundedAt.size}/${acknowledged.length}`,
      `${(readyMs / 1000).toFixed(1)} s`,
      refundedAt.size === acknowledged.length
        ? `${((last - restarting) / 1000).toFixed(1)} s`
        : `> ${(RECOVERY_TIMEOUT_MS / 1000).toFixed(0)} s`,
      String(duplicates),
    ];
    const widths = header.map((h, i) => Math.max(h.length, (row[i] ?? '').length));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    console.log(line(header));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    console.log(line(row));
    if (refundedAt.size < acknowledged.length || duplicates > 0) {
      process.exitCode = 1;
      console.log(`runtime output:\n${child.output().slice(-3000)}`);
    }
  } finally {
    if (child) await stopGracefully(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
