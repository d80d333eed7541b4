import { jwtVerify, SignJWT } from 'jose';
import { groupToRole } from '../functions/shared/principal.js';

export const LOCAL_ISSUER = 'redress-local';
/** The audience of the tokens `POST /_local/token` signs (tests, curl, the shop simulator). */
export const LOCAL_AUDIENCE = 'redress-api';
/** The console's OAuth client at the local issuer: its ID tokens carry it as their audience. */
export const LOCAL_CLIENT_ID = 'redress-console';
/** Like Cognito's app client: an ID token is good for an hour, then the refresh token renews it. */
export const ID_TOKEN_SECONDS = 60 * 60;

/** Claims beyond the request's, and the audience: what the OAuth token endpoint adds. */
export interface IssueOptions {
  readonly audience?: string;
  readonly claims?: Readonly<Record<string, unknown>>;
}

export interface TokenRequest {
  readonly sub: string;
  readonly groups: readonly string[];
  readonly email?: string;
  /** As in Cognito's ID token; an address nobody verified is never mailed. */
  readonly email_verified?: boolean;
  readonly locale?: string;
}

/** Checks a token request; returns the field errors, empty when fine. */
export function tokenRequestErrors(body: unknown): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [{ path: '', message: 'Send a JSON object.' }];
  const { sub, groups, email, email_verified, locale, ...rest } = body as Record<string, unknown>;
  if (typeof sub !== 'string' || !/^[A-Za-z0-9._:@-]{1,128}$/.test(sub)) {
    errors.push({ path: 'sub', message: 'A user id of 1–128 letters, digits or . _ : @ -.' });
  }
  if (!Array.isArray(groups) || groups.length === 0) {
    errors.push({ path: 'groups', message: `A non-empty list of: ${Object.keys(groupToRole).join(', ')}.` });
  } else {
    groups.forEach((group, index) => {
      if (typeof group !== 'string' || !(group in groupToRole)) {
        errors.push({ path: `groups.${index}`, message: `One of: ${Object.keys(groupToRole).join(', ')}.` });
      }
    });
  }
  if (email !== undefined && (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email))) {
    errors.push({ path: 'email', message: 'An email address.' });
  }
  if (email_verified !== undefined && typeof email_verified !== 'boolean') {
    errors.push({ path: 'email_verified', message: 'true or false.' });
  }
  if (
    locale !== undefined &&
    (typeof locale !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale))
  ) {
    errors.push({ path: 'locale', message: 'A BCP 47 tag such as zh-CN or en.' });
  }
  for (const key of Object.keys(rest)) errors.push({ path: key, message: 'Unknown field.' });
  return errors;
}

/** The local stand-in for the Cognito user pool: signs and verifies HS256 tokens. */
export class LocalIssuer {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(request: TokenRequest, ttlSeconds = 12 * 60 * 60, options: IssueOptions = {}): Promise<string> {
    return new SignJWT({
      ...options.claims,
      'cognito:groups': [...request.groups],
      ...(request.email ? { email: request.email } : {}),
      ...(request.email_verified !== undefined ? { email_verified: request.email_verified } : {}),
      ...(request.locale ? { locale: request.locale } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(request.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(options.audience ?? LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /**
   * The claims as API Gateway's JWT authorizer passes them on: arrays become `[a b]` strings.
   * Like the authorizer's list of app clients, both audiences are accepted.
   */
  async verify(token: string): Promise<Record<string, string> | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: LOCAL_ISSUER,
        audience: [LOCAL_AUDIENCE, LOCAL_CLIENT_ID],
      });
      const claims: Record<string, string> = {};
      for (const [name, value] of Object.entries(payload)) {
        claims[name] = Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
      }
      return claims;
    } catch {
      return undefined;
    }
  }
}
