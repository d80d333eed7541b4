import { describe, expect, it } from 'vitest';
import { issueSurveyToken, verifySurveyToken } from '../../../functions/tickets/domain/survey-token.js';

const now = new Date('2026-11-24T08:00:00.000Z');
const claims = { ticketId: 't-1', customerId: 'c-1' };

describe('survey tokens', () => {
  it('verifies a token it issued and reads back the ticket and customer', () => {
    const token = issueSurveyToken(claims, 'secret', now);

    expect(verifySurveyToken(token, 'secret', now)).toEqual({
      ok: true,
      claims: { ...claims, exp: now.getTime() / 1000 + 30 * 86_400 },
    });
  });

  it('refuses another secret, a changed payload, an expired token and garbage', () => {
    const token = issueSurveyToken(claims, 'secret', now);
    const [payload, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ t: 't-2', c: 'c-1', exp: 9e9 })).toString('base64url')}.${signature}`;

    expect(verifySurveyToken(token, 'other', now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySurveyToken(forged, 'secret', now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySurveyToken(token, 'secret', new Date(now.getTime() + 31 * 86_400_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifySurveyToken(`${payload}`, 'secret', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySurveyToken('a.b.c', 'secret', now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
