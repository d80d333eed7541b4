import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID, LocalIssuer } from '../../../local/auth.js';
import {
  CODE_TTL_MS,
  LocalAuthorizationServer,
  type OAuthAnswer,
  SESSION_COOKIE,
} from '../../../local/oauth.js';

const CALLBACK = 'http://127.0.0.1:3000/signin';
const allowed = [CALLBACK, 'http://localhost:3000/signin'];
const verifier = 'a-verifier-of-enough-length-0123456789-abcdefghijk';
const challenge = createHash('sha256').update(verifier).digest('base64url');

let now: number;
let issuer: LocalIssuer;
let server: LocalAuthorizationServer;

beforeEach(() => {
  now = Date.parse('2026-12-03T10:00:00Z');
  issuer = new LocalIssuer('unit-test-secret');
  server = new LocalAuthorizationServer(issuer, undefined, () => now);
});

const authorizeQuery = (overrides: Record<string, string | null> = {}) => {
  const query = new URLSearchParams({
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid email profile',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) query.delete(name);
    else query.set(name, value);
  }
  return query;
};

function redirectOf(answer: OAuthAnswer): URL {
  if (answer.kind !== 'redirect') throw new Error(`expected a redirect, got ${JSON.stringify(answer)}`);
  return new URL(answer.location);
}

/** Picks `sub` in the picker: the code the redirect carries, and the issuer's session cookie. */
function pick(sub = 'c-1', overrides: Record<string, string | null> = {}) {
  const query = authorizeQuery(overrides);
  query.set('sub', sub);
  const answer = server.pick(query, allowed);
  const location = redirectOf(answer);
  return {
    code: location.searchParams.get('code') ?? '',
    location,
    cookie: answer.kind === 'redirect' ? (answer.setCookie ?? '').split(';')[0] : '',
  };
}

const exchange = (code: string, overrides: Record<string, string> = {}) =>
  server.token(
    new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: LOCAL_CLIENT_ID,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
      ...overrides,
    }),
  );

function jsonOf(answer: OAuthAnswer): { status: number; body: Record<string, unknown> } {
  if (answer.kind !== 'json') throw new Error('expected JSON');
  return { status: answer.status, body: answer.body };
}

describe('the local issuer: authorization code with PKCE', () => {
  it('shows the demo-user picker, then trades the code and its verifier for tokens of the picked user', async () => {
    const picker = server.authorize(authorizeQuery({ lang: 'zh-CN' }), allowed, undefined);
    expect(picker.kind).toBe('page');
    if (picker.kind === 'page') {
      expect(picker.html).toContain('lang="zh-CN"');
      expect(picker.html).toContain('Ann Li');
      expect(picker.html).toContain(`name="code_challenge" value="${challenge}"`);
    }
    const { code, location, cookie } = pick('c-1');
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('state-1');
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=.+`));

    const { status, body } = jsonOf(await exchange(code));
    expect(status).toBe(200);
    const claims = decodeJwt(String(body.id_token));
    expect(claims).toMatchObject({
      sub: 'c-1',
      aud: LOCAL_CLIENT_ID,
      iss: 'redress-local',
      nonce: 'nonce-1',
      email: 'ann@example.com',
      'cognito:groups': ['customers'],
    });
    expect(body.refresh_token).toEqual(expect.any(String));
    // The API's stand-in authorizer takes the console's ID token.
    expect(await issuer.verify(String(body.id_token))).toMatchObject({
      sub: 'c-1',
      'cognito:groups': '[customers]',
    });
  });

  it('refuses a wrong verifier, and the code is spent by the attempt', async () => {
    const { code } = pick();
    const wrong = jsonOf(await exchange(code, { code_verifier: `${verifier.slice(0, -1)}x` }));
    expect(wrong).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    expect(jsonOf(await exchange(code)).body.error).toBe('invalid_grant');
  });

  it('refuses a code used twice and revokes the refresh token its first use gave', async () => {
    const { code } = pick();
    const first = jsonOf(await exchange(code));
    expect(first.status).toBe(200);
    const again = jsonOf(await exchange(code));
    expect(again).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The code was used already.' },
    });
    const refreshed = jsonOf(
      await server.token(
        new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: LOCAL_CLIENT_ID,
          refresh_token: String(first.body.refresh_token),
        }),
      ),
    );
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('refuses a code after its minute, another redirect_uri, or another client', async () => {
    const late = pick().code;
    now += CODE_TTL_MS;
    expect(jsonOf(await exchange(late)).body.error).toBe('invalid_grant');
    const moved = pick().code;
    expect(jsonOf(await exchange(moved, { redirect_uri: 'http://localhost:3000/signin' })).body.error).toBe(
      'invalid_grant',
    );
    const foreign = pick().code;
    expect(jsonOf(await exchange(foreign, { client_id: 'someone-else' }))).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'invalid_client' }),
    });
  });

  it('never redirects to an unknown redirect_uri or for an unknown client: a page says why', () => {
    const refused: Record<string, string>[] = [
      { redirect_uri: 'https://evil.example/signin' },
      { redirect_uri: 'http://127.0.0.1:3000/signin/../steal' },
      { client_id: 'someone-else' },
    ];
    for (const overrides of refused) {
      const shown = server.authorize(authorizeQuery(overrides), allowed, undefined);
      expect(shown).toMatchObject({ kind: 'page', status: 400 });
      const picked = server.pick(authorizeQuery({ ...overrides, sub: 'c-1' }), allowed);
      expect(picked).toMatchObject({ kind: 'page', status: 400 });
    }
  });

  it('sends a request without S256 PKCE, state or openid back with an error, no code', () => {
    for (const [overrides, error] of [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: null }, 'invalid_request'],
      [{ state: null }, 'invalid_request'],
      [{ scope: 'email' }, 'invalid_scope'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
    ] as const) {
      const location = redirectOf(server.authorize(authorizeQuery(overrides), allowed, undefined));
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.has('code')).toBe(false);
    }
  });

  it('signs a known browser in again without the picker until it signs out', () => {
    const { cookie } = pick('agent-1');
    const again = redirectOf(server.authorize(authorizeQuery({ state: 'state-2' }), allowed, cookie));
    expect(again.searchParams.get('state')).toBe('state-2');
    expect(again.searchParams.get('code')).toEqual(expect.any(String));

    const refused = server.logout(
      new URLSearchParams({ client_id: LOCAL_CLIENT_ID, logout_uri: 'https://evil.example/' }),
      allowed,
      cookie,
    );
    expect(refused).toMatchObject({ kind: 'page', status: 400 });
    const out = server.logout(
      new URLSearchParams({ client_id: LOCAL_CLIENT_ID, logout_uri: CALLBACK }),
      allowed,
      cookie,
    );
    expect(redirectOf(out).href).toBe(CALLBACK);
    expect(server.authorize(authorizeQuery(), allowed, cookie)).toMatchObject({ kind: 'page', status: 200 });
  });

  it('renews the ID token with the refresh token until it is revoked', async () => {
    const tokens = jsonOf(await exchange(pick('sup-1').code)).body;
    const refresh = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: LOCAL_CLIENT_ID,
      refresh_token: String(tokens.refresh_token),
    });
    const renewed = jsonOf(await server.token(refresh));
    expect(renewed.status).toBe(200);
    expect(decodeJwt(String(renewed.body.id_token))).toMatchObject({
      sub: 'sup-1',
      'cognito:groups': ['supervisors'],
    });
    expect(decodeJwt(String(renewed.body.id_token)).nonce).toBeUndefined();
    expect(renewed.body.refresh_token).toBeUndefined();
    server.revoke(new URLSearchParams({ client_id: LOCAL_CLIENT_ID, token: String(tokens.refresh_token) }));
    expect(jsonOf(await server.token(refresh)).body.error).toBe('invalid_grant');
  });
});
