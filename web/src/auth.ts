import * as oauth from 'oauth4webapi';
import type { SignInSettings } from './api/client.js';
import { rolesOfToken, type Session } from './session.js';

/**
 * Sign-in by the OAuth 2.0 authorization code flow with PKCE (S256), one code path for Cognito's
 * Hosted UI and the local issuer (local/oauth.ts). oauth4webapi builds and checks the messages:
 * state, nonce, the ID token's issuer, audience, algorithm and times. Only what the redirect
 * round trip needs (the verifier, state, nonce, the page to return to) waits in sessionStorage,
 * and is removed when the browser comes back; the tokens stay in memory.
 */

const PENDING = 'redress.signin';
const SCOPE = 'openid email profile';

interface Pending {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly next: string;
}

/** The console's callback and sign-out landing page; the app client lists it for both. */
export const callbackUrl = (): string => `${location.origin}/signin`;

function server(settings: SignInSettings) {
  const base = settings.domain || location.origin;
  const as: oauth.AuthorizationServer = {
    issuer: settings.issuer,
    authorization_endpoint: `${base}/oauth2/authorize`,
    token_endpoint: `${base}/oauth2/token`,
    revocation_endpoint: `${base}/oauth2/revoke`,
    id_token_signing_alg_values_supported: [settings.idTokenAlgorithm],
  };
  const client: oauth.Client = { client_id: settings.clientId };
  // Plain HTTP only where the console itself is served so (npm start); HTTPS everywhere else.
  const options = location.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
  return { as, client, options, logout: `${base}/logout` };
}

/** A path inside the console to return to (never another origin). */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/';
}

/** Leaves for the sign-in page; it sends the browser back to `/signin` with a code. */
export async function beginSignIn(settings: SignInSettings, next: string, locale: string): Promise<void> {
  const { as, client } = server(settings);
  const verifier = oauth.generateRandomCodeVerifier();
  const pending: Pending = {
    verifier,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    next: safeNext(next),
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(String(as.authorization_endpoint));
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: callbackUrl(),
    response_type: 'code',
    scope: SCOPE,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    lang: locale,
  }).toString();
  location.assign(url.href);
}

function sessionOf(result: oauth.TokenEndpointResponse, refreshToken: string | undefined): Session {
  const claims = oauth.getValidatedIdTokenClaims(result);
  const idToken = result.id_token;
  if (!claims || !idToken) throw new Error('The sign-in answered without an ID token.');
  const name = [claims.name, claims.email].find((value): value is string => typeof value === 'string');
  return {
    token: idToken,
    expiresAt: claims.exp * 1000,
    refreshToken: result.refresh_token ?? refreshToken,
    sub: claims.sub,
    name: name ?? claims.sub,
    roles: rolesOfToken(idToken),
  };
}

/**
 * The browser came back to `callback` (its URL, already taken off the address bar): checks the
 * state, trades the code and the verifier for tokens, checks the ID token and its nonce.
 */
export async function completeSignIn(
  settings: SignInSettings,
  callback: URL,
): Promise<{ session: Session; next: string }> {
  const saved = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!saved) throw new Error('No sign-in was started in this tab.');
  const pending = JSON.parse(saved) as Pending;
  const { as, client, options } = server(settings);
  const parameters = oauth.validateAuthResponse(as, client, callback, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    parameters,
    callbackUrl(),
    pending.verifier,
    options,
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  return { session: sessionOf(result, undefined), next: safeNext(pending.next) };
}

/** New tokens for the refresh token (Cognito keeps the refresh token; it is carried over). */
export async function refreshSession(settings: SignInSettings, session: Session): Promise<Session> {
  if (!session.refreshToken) throw new Error('No refresh token.');
  const { as, client, options } = server(settings);
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    session.refreshToken,
    options,
  );
  return sessionOf(await oauth.processRefreshTokenResponse(as, client, response), session.refreshToken);
}

/** Revokes the refresh token, then ends the sign-in page's own session, which returns to `/signin`. */
export async function signOutEverywhere(settings: SignInSettings, session: Session | null): Promise<void> {
  const { as, client, options, logout } = server(settings);
  if (session?.refreshToken) {
    try {
      const response = await oauth.revocationRequest(as, client, oauth.None(), session.refreshToken, options);
      await oauth.processRevocationResponse(response);
    } catch {
      // Signing out goes on: the token expires by itself, and /logout ends the session anyway.
    }
  }
  const url = new URL(logout);
  url.search = new URLSearchParams({ client_id: client.client_id, logout_uri: callbackUrl() }).toString();
  location.assign(url.href);
}
