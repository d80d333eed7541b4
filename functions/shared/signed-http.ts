import { createHmac } from 'node:crypto';

/**
 * Calls a partner's HTTP API with a signed JSON body: `X-Redress-Timestamp` and
 * `X-Redress-Signature` = hex HMAC-SHA256 of `<timestamp>.<body>`, plus an Idempotency-Key.
 * Classifies failures: `transient` (timeout, network, 408, 429, 5xx) or `permanent` (other 4xx).
 */
export async function postSigned(options: {
  url: string;
  secret: string;
  idempotencyKey: string;
  body: unknown;
  timeoutMs: number;
}): Promise<{ ok: true; body: unknown } | { ok: false; kind: 'transient' | 'permanent'; message: string }> {
  const body = JSON.stringify(options.body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', options.secret).update(`${timestamp}.${body}`).digest('hex');
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': options.idempotencyKey,
        'x-redress-timestamp': timestamp,
        'x-redress-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return { ok: false, kind: 'transient', message: `no answer: ${(error as Error).message}` };
  }
  const text = await response.text();
  if (response.ok) return { ok: true, body: text ? JSON.parse(text) : null };
  const transient = response.status >= 500 || response.status === 408 || response.status === 429;
  return {
    ok: false,
    kind: transient ? 'transient' : 'permanent',
    message: `HTTP ${response.status}: ${text.slice(0, 200)}`,
  };
}

/**
 * Reads from a partner's HTTP API with a signed GET: the same headers as {@link postSigned},
 * the signature covering `<timestamp>.<path and query>` (a GET has no body). A 404 is an
 * answer (`found: false`), not a failure; failures are classified as for postSigned.
 */
export async function getSigned(options: {
  url: string;
  secret: string;
  timeoutMs: number;
}): Promise<
  | { ok: true; found: true; body: unknown }
  | { ok: true; found: false }
  | { ok: false; kind: 'transient' | 'permanent'; message: string }
> {
  const target = new URL(options.url);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', options.secret)
    .update(`${timestamp}.${target.pathname}${target.search}`)
    .digest('hex');
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'GET',
      headers: { 'x-redress-timestamp': timestamp, 'x-redress-signature': signature },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return { ok: false, kind: 'transient', message: `no answer: ${(error as Error).message}` };
  }
  const text = await response.text();
  if (response.status === 404) return { ok: true, found: false };
  if (response.ok) return { ok: true, found: true, body: text ? JSON.parse(text) : null };
  const transient = response.status >= 500 || response.status === 408 || response.status === 429;
  return {
    ok: false,
    kind: transient ? 'transient' : 'permanent',
    message: `HTTP ${response.status}: ${text.slice(0, 200)}`,
  };
}

/** The receiving side's check of a signed request (used by the local simulators and tests). */
export function signatureMatches(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return expected.length === signature.length && expected === signature;
}
