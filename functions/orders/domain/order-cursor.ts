import { ValidationError } from '../../shared/errors.js';

/** Where a page of a customer's orders ended: the last order's place in the newest-first list. */
export interface OrderPosition {
  readonly placedAt: string;
  readonly id: string;
}

/**
 * The cursor names a position only, never a key: the list rebuilds the key under the caller's
 * own customer, so a cursor cannot reach into another customer's orders.
 */
export function encodeOrderCursor(position: OrderPosition): string {
  return Buffer.from(JSON.stringify({ placedAt: position.placedAt, id: position.id }), 'utf8').toString(
    'base64url',
  );
}

export function decodeOrderCursor(cursor: string): OrderPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object') {
      const { placedAt, id } = parsed as Record<string, unknown>;
      if (typeof placedAt === 'string' && typeof id === 'string' && placedAt !== '' && id !== '') {
        return { placedAt, id };
      }
    }
  } catch {
    // reported below
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API handed out.' }]);
}
