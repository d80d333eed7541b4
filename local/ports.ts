import { createServer } from 'node:net';

/** A port that was free a moment ago, on 127.0.0.1. */
export async function freePort(): Promise<number> {
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
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(portInUse(port)) : error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** The variable through which `npm start` takes its API port. */
export const PORT_VARIABLE = 'PORT';

/** What a taken port answers, naming the variable that chooses another. */
export function portInUse(port: number): string {
  return `Port ${port} is already in use. Stop the other process or choose another with ${PORT_VARIABLE}=<port>.`;
}
