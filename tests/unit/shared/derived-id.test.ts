import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivedId, messageIdFor, ticketIdFor } from '../../../functions/shared/derived-id.js';

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('derivedId', () => {
  it('is stable: the same caller and key always give the same id', () => {
    expect(ticketIdFor('c-1', 'k-1')).toBe(ticketIdFor('c-1', 'k-1'));
    expect(messageIdFor('c-1', 't-1', 'k-1')).toBe(messageIdFor('c-1', 't-1', 'k-1'));
    // Pinned: a change of the derivation would let retries across a deploy create twice.
    expect(ticketIdFor('c-1', 'k-1')).toMatchInlineSnapshot(`"3fa9abc5-1122-8782-a7af-92e9c79424f4"`);
  });

  it('differs per caller, per key, per ticket and per kind', () => {
    const ids = [
      ticketIdFor('c-1', 'k-1'),
      ticketIdFor('c-2', 'k-1'),
      ticketIdFor('c-1', 'k-2'),
      messageIdFor('c-1', 't-1', 'k-1'),
      messageIdFor('c-1', 't-2', 'k-1'),
      messageIdFor('c-2', 't-1', 'k-1'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the parts apart: a separator inside a part does not make two requests meet', () => {
    expect(derivedId('ticket', 'a#b', 'c')).not.toBe(derivedId('ticket', 'a', 'b#c'));
    expect(ticketIdFor('c-1#k', '1')).not.toBe(ticketIdFor('c-1', 'k#1'));
  });

  it('is shaped like the random ids (an RFC 9562 UUID, version 8)', () => {
    expect(randomUUID()).toHaveLength(ticketIdFor('c-1', 'k-1').length);
    for (const id of [ticketIdFor('c-1', 'k-1'), messageIdFor('c-1', 't-1', 'k-1'), ticketIdFor('', '')]) {
      expect(id).toMatch(uuidShape);
    }
  });
});
