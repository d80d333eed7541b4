import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralPortRange, freePort } from '../../../local/ports.js';

describe('freePort', () => {
  it('gives ports outside the range outgoing connections take their source ports from, free to listen on', async () => {
    // A port from the ephemeral range can be taken by any outgoing connection between the moment it
    // is chosen and the moment it is (re)bound: an emulator restarted on its port then fails with
    // EADDRINUSE (seen in a run beside another test run).
    const [low, high] = ephemeralPortRange();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));

    for (const port of ports) expect(port < low || port > high, `port ${port}`).toBe(true);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
