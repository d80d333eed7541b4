import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { destinationOf } from '../../../functions/email/domain/addressing.js';
import { isAuthenticSender } from '../../../functions/email/domain/verdicts.js';
import { checkReplyAddress, replyAddressFor } from '../../../functions/notifications/domain/reply-address.js';

const SECRET = 'reply-secret';
const DOMAIN = 'reply.shop.example';
const TICKET = '79540bc0-1f2e-4d3c-8b4a-5f6e7d8c9b0a';
const addressing = {
  reply: { domain: DOMAIN, secret: SECRET },
  supportAddress: 'support@reply.shop.example',
};

describe('reply addresses', () => {
  it('signs a ticket id into reply+<id>.<sig>@<domain> and reads it back', () => {
    const address = replyAddressFor(TICKET, SECRET, DOMAIN);

    expect(address).toMatch(
      /^reply\+79540bc0-1f2e-4d3c-8b4a-5f6e7d8c9b0a\.[0-9a-f]{20}@reply\.shop\.example$/,
    );
    expect(checkReplyAddress(address, SECRET, DOMAIN)).toEqual({ kind: 'valid', ticketId: TICKET });
    expect(checkReplyAddress(address.toUpperCase(), SECRET, DOMAIN)).toEqual({
      kind: 'valid',
      ticketId: TICKET,
    });
  });

  it('calls a changed signature, another ticket’s signature or another key forged', () => {
    const address = replyAddressFor(TICKET, SECRET, DOMAIN);
    const [, sig] = /\.([0-9a-f]+)@/.exec(address) ?? [];
    const other = '00000000-0000-4000-8000-000000000000';

    expect(checkReplyAddress(`reply+${other}.${sig}@${DOMAIN}`, SECRET, DOMAIN)).toEqual({
      kind: 'forged',
      ticketId: other,
    });
    expect(checkReplyAddress(address, 'another-secret', DOMAIN).kind).toBe('forged');
    expect(checkReplyAddress(address.replace(/\.[0-9a-f]{4}/, '.0000'), SECRET, DOMAIN).kind).toBe('forged');
    expect(checkReplyAddress(`reply+${TICKET}@${DOMAIN}`, SECRET, DOMAIN).kind).toBe('forged');
  });

  it('never accepts a signature it did not make (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.stringMatching(/^[0-9a-f]{20}$/), (ticketId, sig) => {
        const genuine = replyAddressFor(ticketId, SECRET, DOMAIN);
        const tried = `reply+${ticketId}.${sig}@${DOMAIN}`;
        expect(checkReplyAddress(tried, SECRET, DOMAIN).kind).toBe(tried === genuine ? 'valid' : 'forged');
      }),
    );
  });

  it('ignores addresses of other domains', () => {
    const address = replyAddressFor(TICKET, SECRET, 'other.example');

    expect(checkReplyAddress(address, SECRET, DOMAIN)).toEqual({ kind: 'other' });
  });
});

describe('destinationOf', () => {
  const reply = replyAddressFor(TICKET, SECRET, DOMAIN);

  it('finds the reply address among every recipient, whatever its case', () => {
    expect(destinationOf(['shop@partner.example', reply.toUpperCase()], addressing)).toEqual({
      kind: 'reply',
      ticketId: TICKET,
    });
  });

  it('prefers a valid reply address, then a forged one, then the support address', () => {
    const forged = `reply+${TICKET}.00000000000000000000@${DOMAIN}`;

    expect(destinationOf([forged, reply], addressing).kind).toBe('reply');
    expect(destinationOf(['Support@Reply.Shop.Example', forged], addressing).kind).toBe('forged');
    expect(destinationOf(['SUPPORT@reply.shop.example'], addressing).kind).toBe('support');
    expect(destinationOf(['someone@reply.shop.example'], addressing).kind).toBe('none');
  });

  it('reads no reply address while replies are off', () => {
    expect(destinationOf([reply], { reply: null, supportAddress: null })).toEqual({ kind: 'none' });
  });
});

describe('isAuthenticSender', () => {
  it('believes DMARC, or SPF and DKIM together where the domain has no DMARC policy', () => {
    expect(isAuthenticSender({ dmarc: 'PASS', spf: 'FAIL', dkim: 'GRAY' })).toBe(true);
    expect(isAuthenticSender({ dmarc: 'GRAY', spf: 'PASS', dkim: 'PASS' })).toBe(true);
    expect(isAuthenticSender({ dmarc: 'GRAY', spf: 'PASS', dkim: 'FAIL' })).toBe(false);
    expect(isAuthenticSender({ dmarc: 'FAIL', spf: 'PASS', dkim: 'PASS' })).toBe(false);
  });

  it('never believes spam or a virus', () => {
    expect(isAuthenticSender({ dmarc: 'PASS', spam: 'FAIL' })).toBe(false);
    expect(isAuthenticSender({ dmarc: 'PASS', virus: 'FAIL' })).toBe(false);
  });
});
