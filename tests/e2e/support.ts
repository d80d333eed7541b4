import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime.js';
import { assertContract, contractChecker } from './contract.js';

export interface Api {
  readonly runtime: Runtime;
  readonly url: string;
  token(
    sub: string,
    groups: string[],
    extra?: { email?: string; email_verified?: boolean; locale?: string },
  ): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/** The local runtime (in-memory data, free ports) and a tiny client that calls it as a frontend would. */
export async function startApi(overrides: Partial<RuntimeOptions> = {}): Promise<Api> {
  const runtime = await startRuntime({
    port: 0,
    sweepSeconds: 1,
    visibilityTimeoutSeconds: 1,
    // A lost gateway answer is noticed in a second, as the queue redelivers in one.
    paymentGatewayTimeoutMs: 1000,
    // Suites open many tickets as one customer (30 in parallel for the capacity race); the
    // per-customer hourly limit has its own suite (limits-retention), which sets it low.
    maxTicketsPerHour: 10_000,
    // Likewise API Gateway's route throttles: the limits suite turns them on.
    routeThrottles: false,
    ...overrides,
  });
  const url = runtime.apiUrl;
  const contract = contractChecker();
  const call: Api['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    // Every response is checked against the OpenAPI document: a drift fails the calling test.
    const failures = contract.check(
      method,
      path,
      response.status,
      response.headers.get('content-type'),
      parsed,
    );
    const report = process.env.CONTRACT_REPORT;
    if (report) {
      if (failures.length > 0) appendFileSync(report, `${failures.join('\n')}\n`);
    } else assertContract(failures);
    return { status: response.status, body: parsed, headers: response.headers };
  };
  const token: Api['token'] = async (sub, groups, extra = {}) => {
    const response = await call('POST', '/_local/token', { body: { sub, groups, ...extra } });
    if (response.status !== 200)
      throw new Error(`token: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.token as string;
  };
  return { runtime, url, token, call };
}

export function orderFacts(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    customerEmail: `${customerId}@example.com`,
    locale: 'zh-CN',
    currency: 'CNY',
    placedAt: '2026-11-01T08:00:00Z',
    // Delivered two days ago: inside every return window.
    deliveredAt: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString(),
    shippingFee: 1000,
    items: [
      {
        sku: 'KETTLE-1',
        name: 'Electric kettle',
        quantity: 2,
        unitPrice: 12900,
        category: 'home',
        noReasonReturn: true,
      },
      { sku: 'MUG-1', name: 'Mug', quantity: 4, unitPrice: 2500, category: 'home', noReasonReturn: false },
    ],
    ...overrides,
  };
}

/** An email as the local SES inbox (`GET /_local/emails`) lists it. */
export interface LocalEmail {
  to: string[];
  replyTo: string[];
  subject: string;
  text: string | null;
  html: string | null;
  at: string;
}

/** Every email the local inbox holds for one address, oldest first. */
export async function emailsTo(api: Api, address: string): Promise<LocalEmail[]> {
  const response = await api.call('GET', '/_local/emails');
  return (response.body.emails as LocalEmail[]).filter((email) => email.to.includes(address));
}

/**
 * Waits for the n-th email to an address, then makes sure no extra one trails behind (it looks
 * again after `settleMs`).
 */
export async function expectEmails(
  api: Api,
  address: string,
  count: number,
  settleMs = 300,
): Promise<LocalEmail[]> {
  await eventually(
    () => emailsTo(api, address),
    (emails) => emails.length >= count,
  );
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const emails = await emailsTo(api, address);
  expect(
    emails.map((e) => e.subject),
    JSON.stringify(emails.map((e) => e.subject)),
  ).toHaveLength(count);
  return emails;
}

/**
 * True once the assigner has placed a new ticket (given it to an agent or queued it): its one
 * write after creation. Tests that race on a version wait for it, or the assigner's write lands
 * in the middle of the race. Reads the staff view's timeline.
 */
export function assignerActed(view: { timeline: readonly { type: string }[] }): boolean {
  return view.timeline.some((e) => e.type === 'TicketAutoAssigned' || e.type === 'TicketQueued');
}

export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
