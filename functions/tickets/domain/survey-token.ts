import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The survey link's token: `<payload>.<signature>`, both base64url; the payload names the
 * ticket and its customer and says when the token expires; the signature is HMAC-SHA256 with
 * the survey secret. The token is single-use because a ticket takes one rating, recorded by
 * a version-conditioned write (see docs/adr/0005).
 */
export interface SurveyClaims {
  readonly ticketId: string;
  readonly customerId: string;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

export const SURVEY_TOKEN_DAYS = 30;

const sign = (payload: string, secret: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

export function issueSurveyToken(
  claims: Omit<SurveyClaims, 'exp'>,
  secret: string,
  now: Date,
  days = SURVEY_TOKEN_DAYS,
): string {
  const exp = Math.floor(now.getTime() / 1000) + days * 86_400;
  const payload = Buffer.from(
    JSON.stringify({ t: claims.ticketId, c: claims.customerId, exp }),
    'utf8',
  ).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

export type SurveyTokenCheck =
  | { readonly ok: true; readonly claims: SurveyClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' };

export function verifySurveyToken(token: string, secret: string, now: Date): SurveyTokenCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0 || !/^[\w-]+$/.test(payload) || !/^[\w-]+$/.test(signature))
    return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(payload, secret), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad-signature' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { t, c, exp } = (decoded ?? {}) as { t?: unknown; c?: unknown; exp?: unknown };
  if (typeof t !== 'string' || typeof c !== 'string' || typeof exp !== 'number')
    return { ok: false, reason: 'malformed' };
  if (exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { ticketId: t, customerId: c, exp } };
}
