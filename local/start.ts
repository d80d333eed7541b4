import { join } from 'node:path';
import { notificationsConfig } from '../functions/notifications/config.js';
import { demoOrders } from '../web/src/demo.js';
import { ensureConsoleBuilt } from '../web/tools/build.js';
import { projectRoot } from './lambda.js';
import { PORT_VARIABLE } from './ports.js';
import { startRuntime } from './runtime.js';

// The SDK warns that Node 20 will be unsupported in 2027; Lambda runs Node 22, so say nothing locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * `npm start`: the whole system on this machine, with the web console on the same origin.
 * `--fresh` wipes the data first; `--empty` seeds no demo orders.
 */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const port = Number(process.env[PORT_VARIABLE] ?? 3000);
  const sweepSeconds = Number(process.env.SLA_SWEEP_SECONDS ?? 60);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${PORT_VARIABLE} must be a port number, not "${process.env[PORT_VARIABLE]}"`);
  if (!(sweepSeconds > 0))
    throw new Error(`SLA_SWEEP_SECONDS must be a positive number, not "${process.env.SLA_SWEEP_SECONDS}"`);
  const began = Date.now();
  const log = (message: string) => console.log(`[redress] ${message}`);
  await ensureConsoleBuilt(log);
  // Email links (ticket pages, surveys) point at the console served here.
  process.env[notificationsConfig.variables.appUrl.name] ??= `http://localhost:${port}`;
  const runtime = await startRuntime({
    port,
    dataDir: join(projectRoot, '.local'),
    fresh: args.has('--fresh'),
    sweepSeconds,
    log,
  });
  if (!args.has('--empty')) await seedDemoOrders(runtime.apiUrl, log);
  log(`Ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  log(`Console        http://localhost:${port}/  (sign in as a demo user)`);
  log(`API            ${runtime.apiUrl}/v1/health`);
  log(`API reference  ${runtime.apiUrl}/v1/docs`);
  log(
    `Get a token    curl -s -X POST ${runtime.apiUrl}/_local/token -d '{"sub":"c-1","groups":["customers"]}'`,
  );
  log(`Sent email     ${runtime.apiUrl}/_local/emails  (web inbox ${runtime.endpoints.ses}/)`);
  log(`Bus events     ${runtime.apiUrl}/_local/events`);
  log(`SLA sweep every ${sweepSeconds} s. Data in .local/ (start with --fresh to wipe). Ctrl-C stops.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await runtime.stop();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** c-1's three demo orders, pushed once through the public API as the shop platform would. */
async function seedDemoOrders(apiUrl: string, log: (message: string) => void): Promise<void> {
  const call = (path: string, init: RequestInit = {}) => fetch(`${apiUrl}${path}`, init);
  const issued = await call('/_local/token', {
    method: 'POST',
    body: JSON.stringify({ sub: 'demo-shop', groups: ['integrations'] }),
  });
  const { token } = (await issued.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let seeded = 0;
  for (const order of demoOrders(new Date())) {
    const path = `/v1/orders/${order.id}`;
    if ((await call(path, { headers })).status !== 404) continue;
    const put = await call(path, { method: 'PUT', headers, body: JSON.stringify(order.facts) });
    if (put.status !== 201) throw new Error(`Seeding ${order.id}: ${put.status} ${await put.text()}`);
    seeded += 1;
  }
  if (seeded > 0) log(`Seeded ${seeded} demo orders for c-1 (start with --empty to skip)`);
}

main().catch((error: Error) => {
  console.error(`[redress] Could not start: ${error.message}`);
  process.exit(1);
});
