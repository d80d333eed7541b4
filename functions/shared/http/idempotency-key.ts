import { ValidationError } from '../errors.js';

/**
 * Reads and checks the `Idempotency-Key` header; undefined when absent. Apart from the
 * Powertools idempotency wrapper (../idempotency.ts), which only ticket creation loads.
 */
export function idempotencyKeyFrom(headers: Readonly<Record<string, string>>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError([
      { path: 'headers.Idempotency-Key', message: 'Use 1–255 visible ASCII characters.' },
    ]);
  }
  return key;
}
