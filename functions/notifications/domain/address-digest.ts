import { createHmac } from 'node:crypto';
import { normalizeAddress } from './escape.js';

/**
 * A keyed HMAC-SHA256 (hex) of an address as the suppression list compares it (trimmed, lower
 * case). The suppression list of an erased customer keeps this instead of the address: the
 * same address hashes the same, so it stays suppressed, but the list no longer names anyone,
 * and without the key nobody can test guesses against it.
 */
export function addressDigest(address: string, key: string): string {
  if (key === '') throw new Error('The address hashing key is empty');
  return createHmac('sha256', key).update(normalizeAddress(address), 'utf8').digest('hex');
}
