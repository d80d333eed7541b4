import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The ports outgoing connections take their source ports from (Linux's `ip_local_port_range`;
 * elsewhere the IANA range, which macOS and Windows use).
 */
export function ephemeralPortRange(): readonly [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low && high && low <= high) return [low, high];
  } catch {
    // Not Linux: the IANA range.
  }
  return [49152, 65535];
}

/** Listens on `port` for a moment: the error that refused it, or undefined when it was free. */
function tryListen(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
}

/** Where `freePort` looks when the ephemeral range leaves room below it. */
const LOWEST_PORT = 10_000;

/**
 * A port that was free a moment ago, on 127.0.0.1, chosen below the ephemeral range: the local
 * runtime keeps an emulator's port for the life of the process and binds it again on a restart,
 * and a port from the ephemeral range may meanwhile be any outgoing connection's source port.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralPortRange();
  if (low - LOWEST_PORT >= 1_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = LOWEST_PORT + Math.floor(Math.random() * (low - LOWEST_PORT));
      if (!(await tryListen(port))) return port;
    }
  }
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(
    `${what} did not become ready within ${timeoutMs} ms: ${(lastError as Error)?.message ?? lastError}`,
  );
}

/** Fails fast, before anything starts, when the API port is taken. */
export async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  const error = await tryListen(port);
  if (error) throw error.code === 'EADDRINUSE' ? new Error(portInUse(port)) : error;
}

/** The variable through which `npm start` takes its API port. */
export const PORT_VARIABLE = 'PORT';

/** What a taken port answers, naming the variable that chooses another. */
export function portInUse(port: number): string {
  return `Port ${port} is already in use. Stop the other process or choose another with ${PORT_VARIABLE}=<port>.`;
}
