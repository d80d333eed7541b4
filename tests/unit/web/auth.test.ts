import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, LocalIssuer } from '../../../local/auth.js';
import { LocalAuthorizationServer, type OAuthAnswer } from '../../../local/oauth.js';
import type { SignInSettings } from '../../../web/src/api/client.js';
import {
  beginSignIn,
  completeSignIn,
  refreshSession,
  safeNext,
  signOutEverywhere,
} from '../../../web/src/auth.js';

/**
 * The console's sign-in code (web/src/auth.ts, with oauth4webapi) against the local issuer, with
 * the browser's location, sessionStorage and fetch stood in for: the same requests the browser
 * tests make, here fast and with the refresh and the refusals a page cannot easily provoke.
 */
const ORIGIN = 'http://127.0.0.1:3000';
const settings: SignInSettings = {
  issuer: LOCAL_ISSUER,
  domain: '',
  clientId: LOCAL_CLIENT_ID,
  idTokenAlgorithm: 'HS256',
};

let server: LocalAuthorizationServer;
let assigned: string[];
let storage: Map<string, string>;

function answer(result: OAuthAnswer): Response {
  if (result.kind !== 'json') throw new Error(`expected JSON, got ${result.kind}`);
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: { 'content-type': 'application/json' },
  });
}

beforeEach(() => {
  server = new LocalAuthorizationServer(new LocalIssuer('unit-test-secret'));
  assigned = [];
  storage = new Map();
  vi.stubGlobal('location', {
    origin: ORIGIN,
    protocol: 'http:',
    assign: (url: string) => assigned.push(url),
  });
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => storage.set(key, value),
    removeItem: (key: string) => storage.delete(key),
  });
  vi.stubGlobal('fetch', async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const form = new URLSearchParams(await request.text());
    const path = new URL(request.url).pathname;
    if (path === '/oauth2/token') return answer(await server.token(form));
    if (path === '/oauth2/revoke') return answer(server.revoke(form));
    return new Response('not found', { status: 404 });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The user picks `sub` on the issuer's page; the browser lands on the callback it names. */
async function signInAs(sub: string, next = '/tickets/abc') {
  await beginSignIn(settings, next, 'zh-CN');
  const authorize = new URL(assigned.at(-1) ?? '');
  const form = new URLSearchParams(authorize.searchParams);
  form.set('sub', sub);
  const picked = server.pick(form, [`${ORIGIN}/signin`]);
  if (picked.kind !== 'redirect') throw new Error('the issuer did not send the browser back');
  return { authorize, callback: new URL(picked.location) };
}

describe('console sign-in (authorization code with PKCE)', () => {
  it('asks with an S256 challenge, state and nonce, and trades the code for a session kept in memory', async () => {
    const { authorize, callback } = await signInAs('c-1');
    expect(authorize.origin + authorize.pathname).toBe(`${ORIGIN}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: LOCAL_CLIENT_ID,
      redirect_uri: `${ORIGIN}/signin`,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      lang: 'zh-CN',
    });
    for (const name of ['state', 'nonce', 'code_challenge'])
      expect(authorize.searchParams.get(name)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // The verifier itself never leaves the tab.
    const pending = JSON.parse([...storage.values()][0] ?? '{}') as { verifier: string };
    expect(authorize.href).not.toContain(pending.verifier);

    const { session, next } = await completeSignIn(settings, callback);
    expect(next).toBe('/tickets/abc');
    expect(session).toMatchObject({ sub: 'c-1', name: 'Ann Li', roles: ['customer'] });
    expect(session.refreshToken).toEqual(expect.any(String));
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    // What the round trip needed is gone once the browser is back.
    expect(storage.size).toBe(0);
  });

  it('refuses a callback whose state is not the one this tab sent, and a second use of the callback', async () => {
    const { callback } = await signInAs('agent-1');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'someone-elses-state');
    await expect(completeSignIn(settings, forged)).rejects.toThrow(/state/);
    // The attempt used up this tab's pending sign-in: the genuine callback cannot be replayed.
    await expect(completeSignIn(settings, callback)).rejects.toThrow('No sign-in was started in this tab.');
  });

  it('shows the issuer’s refusal of a callback that carries an error instead of a code', async () => {
    await beginSignIn(settings, '/', 'en');
    const { state } = JSON.parse([...storage.values()][0] ?? '{}') as { state: string };
    const refused = new URL(`${ORIGIN}/signin?error=access_denied&state=${state}`);
    await expect(completeSignIn(settings, refused)).rejects.toThrow(/error/);
  });

  it('renews the ID token with the refresh token until signing out revokes it', async () => {
    const { callback } = await signInAs('sup-1');
    const { session } = await completeSignIn(settings, callback);
    const renewed = await refreshSession(settings, session);
    expect(renewed).toMatchObject({
      sub: 'sup-1',
      roles: ['supervisor'],
      refreshToken: session.refreshToken,
    });

    await signOutEverywhere(settings, renewed);
    const logout = new URL(assigned.at(-1) ?? '');
    expect(logout.pathname).toBe('/logout');
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: LOCAL_CLIENT_ID,
      logout_uri: `${ORIGIN}/signin`,
    });
    await expect(refreshSession(settings, renewed)).rejects.toThrow();
  });

  it('returns only to a page of the console', () => {
    expect(safeNext('/desk?view=mine')).toBe('/desk?view=mine');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/signin?code=x', null, undefined])
      expect(safeNext(next)).toBe('/');
  });
});
