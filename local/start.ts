import { join } from 'node:path';
import { projectRoot } from './lambda.js';
import { PORT_VARIABLE } from './ports.js';
import { startRuntime } from './runtime.js';

// The SDK warns that Node 20 will be unsupported in 2027; Lambda runs Node 22, so say nothing locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `npm start`: the whole system on this machine. `--fresh` starts with empty data. */
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
  const runtime = await startRuntime({
    port,
    dataDir: join(projectRoot, '.local'),
    fresh: args.has('--fresh'),
    sweepSeconds,
    log,
  });
  log(`Ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
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

main().catch((error: Error) => {
  console.error(`[redress] Could not start: ${error.message}`);
  process.exit(1);
});
