import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './support.js';

const run = promisify(execFile);
let api: Api;

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.runtime.stop());

/** The README's walk-through, exactly as written, pointed at this test's runtime. */
function walkThrough(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Walk-through')[1] ?? '';
  const script = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!script) throw new Error('README has no walk-through script');
  return script;
}

describe('README walk-through', () => {
  it('runs as written: order pushed, ticket opened, taken, answered and read back', async () => {
    const script = walkThrough();
    expect(script).toContain('API=http://localhost:3000');

    const { stdout } = await run(
      'bash',
      ['-euo', 'pipefail', '-c', script.replace('API=http://localhost:3000', `API=${api.url}`)],
      {
        // The script starts a few dozen curl and node processes; a busy 2-core runner needs time.
        timeout: 60_000,
      },
    );

    expect(stdout).toContain('"total":26800');
    // Step 4 waited for agent-2 to hold it; the customer's read names the reply's author by role only.
    expect(stdout).toMatch(/"type":"MessageAdded","at":"[^"]+","actor":\{"role":"support"\}/);
    expect(stdout).not.toContain('"assigneeId"');
    expect(stdout).toMatch(/"timeline":\[\{[^\]]*"type":"TicketCreated"/);
    expect(stdout).toContain('"firstResponse":{"dueAt"');
    expect(stdout).toContain('"state":"met"');
  }, 90_000);
});
