import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { freePort } from '../../local/ports.js';
import { type Runtime, startRuntime } from '../../local/runtime.js';
import { type DemoUser, demoOrders, demoUsers } from '../../web/src/demo.js';
import { ensureConsoleBuilt } from '../../web/tools/build.js';

export const screenshotDir = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's chromium (installed by .ci/run), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path) => path && existsSync(path));
  if (found) return found;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('No chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  }
}

export interface ConsoleUnderTest {
  readonly runtime: Runtime;
  /** The console and the API, one origin on 127.0.0.1; APP_URL points here too. */
  readonly url: string;
  readonly browser: Browser;
  token(user: DemoUser): Promise<string>;
  api(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export const user = (sub: string): DemoUser => {
  const found = demoUsers.find((candidate) => candidate.sub === sub);
  if (!found) throw new Error(`no demo user ${sub}`);
  return found;
};

/**
 * The console as `npm start` serves it: built when stale, the local runtime in this process on
 * a free port of 127.0.0.1 (APP_URL set to it first, so the emails link here), c-1's demo
 * orders, and a headless Chromium.
 */
export async function startConsole(): Promise<ConsoleUnderTest> {
  await ensureConsoleBuilt(() => undefined);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  process.env.APP_URL = url;
  // The survey email follows a resolution after two seconds here (a day in production).
  const runtime = await startRuntime({
    port,
    sweepSeconds: 1,
    visibilityTimeoutSeconds: 1,
    surveyDelayMinutes: 2 / 60,
  });
  const api: ConsoleUnderTest['api'] = async (method, path, token, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const token = async (who: DemoUser) => {
    const response = await api('POST', '/_local/token', undefined, {
      sub: who.sub,
      groups: who.groups,
      ...(who.email ? { email: who.email, email_verified: true } : {}),
    });
    return response.body.token as string;
  };
  const shop = (await api('POST', '/_local/token', undefined, { sub: 'shop', groups: ['integrations'] })).body
    .token as string;
  for (const order of demoOrders(new Date())) {
    const put = await api('PUT', `/v1/orders/${order.id}`, shop, order.facts);
    if (put.status !== 201) throw new Error(`seed ${order.id}: ${put.status} ${JSON.stringify(put.body)}`);
  }
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  mkdirSync(screenshotDir, { recursive: true });
  return {
    runtime,
    url,
    browser,
    token,
    api,
    stop: async () => {
      await browser.close();
      await runtime.stop();
    },
  };
}

/** Errors the pages reported (console errors, uncaught exceptions), for the tests to assert none. */
export const pageErrors: string[] = [];

/** A browser context in a language and a time zone of its own (sessionStorage is per context). */
export async function newContext(app: ConsoleUnderTest, locale: 'en-US' | 'zh-CN'): Promise<BrowserContext> {
  const context = await app.browser.newContext({
    baseURL: app.url,
    locale,
    timezoneId: locale === 'zh-CN' ? 'Asia/Shanghai' : 'Europe/Berlin',
    viewport: { width: 1280, height: 860 },
  });
  // A step that cannot happen fails with the locator it waited for, well inside the test's time.
  context.setDefaultTimeout(15_000);
  // Errors in the page (a CSP refusal, an exception) fail the test that caused them.
  context.on('weberror', (error) => pageErrors.push(error.error().message));
  // (A 4xx answer of the API is logged by Chromium too: the refusals the tests provoke are not errors.)
  context.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !/responded with a status of 4\d\d/.test(text)) pageErrors.push(text);
  });
  return context;
}

/**
 * Signs in the way a user does: the page needs a user, so the console sends the browser to the
 * local issuer's `/oauth2/authorize` (the demo-user picker, the Hosted UI's stand-in); the pick
 * comes back to `/signin` with a code, which the console trades (with its PKCE verifier) for
 * tokens before it opens `next`.
 */
export async function signIn(page: Page, who: DemoUser, next = '/'): Promise<void> {
  await page.goto(next);
  await page.locator('.user-picker button', { hasText: who.name }).click();
  await page.waitForURL((url) => url.pathname !== '/signin' && !url.pathname.startsWith('/oauth2/'));
}

/**
 * axe-core on the page as it stands: the serious and critical violations, as readable lines.
 * Its source is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node: { target: string[] }) => node.target.join(' ')).slice(0, 5),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(', ')}`);
}

/** Mail the SES emulator received, newest last. */
export async function emails(
  app: ConsoleUnderTest,
): Promise<{ to: string[]; subject: string; text: string | null }[]> {
  return (await app.api('GET', '/_local/emails')).body.emails;
}
