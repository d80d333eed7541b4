import { startRuntime } from '../local/runtime.js';

/**
 * The runtime `npm start` runs (same defaults: 5 s visibility timeout, 5 s gateway timeout,
 * 10 min watchdog), on a data folder and port chosen by the crash-recovery bench, which kills
 * this process with SIGKILL and starts it again. Prints `ready <apiUrl>` once it serves.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const port = Number(process.env.PORT);
const dataDir = process.env.REDRESS_BENCH_DATA_DIR;
if (!Number.isInteger(port) || port <= 0 || !dataDir) {
  throw new Error('PORT and REDRESS_BENCH_DATA_DIR must be set');
}
const runtime = await startRuntime({ port, dataDir, sweepSeconds: 60 });
console.log(`ready ${runtime.apiUrl}`);
const stop = async () => {
  await runtime.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
