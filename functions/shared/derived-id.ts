import { createHash } from 'node:crypto';

/**
 * An id shaped like `randomUUID()`'s, derived from the parts that name one request: the same
 * parts always give the same id, other parts another (SHA-256 of the parts, as an RFC 9562
 * UUIDv8). What a request under an `Idempotency-Key` creates gets such an id, so that the
 * store's "must not exist" condition refuses a second write of it whatever the state of the
 * idempotency record (ADR 4).
 */
export function derivedId(kind: string, ...parts: readonly string[]): string {
  // JSON keeps the parts apart: ['a#b', 'c'] and ['a', 'b#c'] hash differently.
  const bytes = createHash('sha256')
    .update(JSON.stringify(['redress', kind, ...parts]))
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80; // version 8: custom (here SHA-256 based)
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the ticket that `callerId` opens under `idempotencyKey`. */
export function ticketIdFor(callerId: string, idempotencyKey: string): string {
  return derivedId('ticket', callerId, idempotencyKey);
}

/** The id of the message that `callerId` posts on `ticketId` under `idempotencyKey`. */
export function messageIdFor(callerId: string, ticketId: string, idempotencyKey: string): string {
  return derivedId('message', callerId, ticketId, idempotencyKey);
}
