import { createHash, randomBytes } from 'node:crypto';
import { type DemoUser, demoUsers } from '../web/src/demo.js';
import { ID_TOKEN_SECONDS, LOCAL_CLIENT_ID, type LocalIssuer } from './auth.js';

/**
 * The small part of OAuth 2.0 / OpenID Connect that Cognito's Hosted UI speaks and the console
 * uses, spoken by the local issuer so that one sign-in code path runs locally and on AWS:
 * `/oauth2/authorize` (authorization code, PKCE S256 only; here a picker of the demo users),
 * `/oauth2/token` (the code for tokens with its verifier; a refresh token for new ones),
 * `/oauth2/revoke` and `/logout`. Codes are random, single-use and live a minute; a redirect
 * or logout URI must be on the allow-list, and an unknown one is never redirected to.
 */

/** How long an authorization code may wait for its exchange. */
export const CODE_TTL_MS = 60_000;
/** The issuer's own sign-in session (Cognito keeps one too): a known browser is not asked again. */
export const SESSION_COOKIE = 'redress_local_signin';

export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string | undefined;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly lang: string | undefined;
}

/** An answer of an endpoint: a page, a redirect, or the JSON of the token endpoint. */
export type OAuthAnswer =
  | { readonly kind: 'page'; readonly status: number; readonly html: string; readonly setCookie?: string }
  | { readonly kind: 'redirect'; readonly location: string; readonly setCookie?: string }
  | { readonly kind: 'json'; readonly status: number; readonly body: Record<string, unknown> };

interface PendingCode {
  readonly request: AuthorizationRequest;
  readonly user: DemoUser;
  readonly expiresAt: number;
}

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const words = {
  en: {
    title: 'Sign in to Redress',
    lead: 'The local issuer of npm start: pick a demo user. On AWS, Cognito’s sign-in page stands here.',
    users: 'Demo users',
    customer: 'Customer',
    agent: 'Agent',
    supervisor: 'Supervisor',
    admin: 'Admin',
    refused: 'This sign-in request is refused',
  },
  zh: {
    title: '登录 Redress',
    lead: 'npm start 的本地签发方：请选择一位演示用户。在 AWS 上，这里是 Cognito 的登录页。',
    users: '演示用户',
    customer: '顾客',
    agent: '客服',
    supervisor: '主管',
    admin: '管理员',
    refused: '此登录请求被拒绝',
  },
} as const;

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}' +
  'ul{list-style:none;padding:0}li{margin:.5rem 0}' +
  'button{width:100%;text-align:left;padding:.75rem 1rem;font:inherit;border:1px solid #5b5b66;' +
  'border-radius:.4rem;background:#fff;color:#1b1b1f;cursor:pointer}button:hover,button:focus{background:#eef}' +
  '.role{display:block;color:#45454f;font-size:.9rem}';

/** The Content-Security-Policy of the issuer's pages: their one inline style by its hash, nothing else. */
export const pageSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? '',
  );

function page(lang: string | undefined, title: string, body: string): string {
  const zh = lang?.toLowerCase().startsWith('zh');
  return `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const randomToken = () => base64url(randomBytes(32));

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export class LocalAuthorizationServer {
  private readonly codes = new Map<string, PendingCode>();
  /** Codes already exchanged, with the refresh token they gave: a replay revokes it. */
  private readonly spent = new Map<string, { refreshToken: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, DemoUser>();
  private readonly sessions = new Map<string, DemoUser>();

  constructor(
    private readonly issuer: LocalIssuer,
    private readonly users: readonly DemoUser[] = demoUsers,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * GET /oauth2/authorize: the demo-user picker, or straight back with a code when this browser
   * signed in before (the issuer's session cookie), as the Hosted UI does.
   */
  authorize(
    query: URLSearchParams,
    allowedRedirects: readonly string[],
    cookie: string | undefined,
  ): OAuthAnswer {
    const checked = this.check(query, allowedRedirects);
    if ('answer' in checked) return checked.answer;
    const known = this.sessions.get(cookieValue(cookie, SESSION_COOKIE) ?? '');
    if (known) return this.approve(checked.request, known);
    return { kind: 'page', status: 200, html: this.picker(checked.request) };
  }

  /** POST /oauth2/authorize: the picked user (the form repeats the request's parameters). */
  pick(form: URLSearchParams, allowedRedirects: readonly string[]): OAuthAnswer {
    const checked = this.check(form, allowedRedirects);
    if ('answer' in checked) return checked.answer;
    const user = this.users.find((candidate) => candidate.sub === form.get('sub'));
    if (!user) return { kind: 'page', status: 200, html: this.picker(checked.request) };
    const session = randomToken();
    this.sessions.set(session, user);
    return {
      ...this.approve(checked.request, user),
      setCookie: `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax`,
    };
  }

  /** POST /oauth2/token: `authorization_code` (with the PKCE verifier) or `refresh_token`. */
  async token(form: URLSearchParams): Promise<OAuthAnswer> {
    const refuse = (error: string, description: string, status = 400): OAuthAnswer => ({
      kind: 'json',
      status,
      body: { error, error_description: description },
    });
    if (form.get('client_id') !== LOCAL_CLIENT_ID) return refuse('invalid_client', 'Unknown client_id.', 401);
    const grantType = form.get('grant_type');
    if (grantType === 'refresh_token') {
      const user = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!user) return refuse('invalid_grant', 'Unknown or revoked refresh token.');
      // As Cognito does: new ID and access tokens, the same refresh token (none in the answer).
      return { kind: 'json', status: 200, body: await this.tokens(user, undefined, false) };
    }
    if (grantType !== 'authorization_code')
      return refuse('unsupported_grant_type', 'authorization_code or refresh_token.');
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    // Single use: the code is gone whatever the outcome of this exchange.
    this.codes.delete(code);
    if (!pending) {
      const replayed = this.spent.get(code);
      if (replayed) {
        this.refreshTokens.delete(replayed.refreshToken);
        this.spent.delete(code);
      }
      return refuse('invalid_grant', replayed ? 'The code was used already.' : 'Unknown or expired code.');
    }
    if (pending.expiresAt <= this.now()) return refuse('invalid_grant', 'The code expired.');
    if (form.get('redirect_uri') !== pending.request.redirectUri)
      return refuse('invalid_grant', 'redirect_uri differs from the authorization request.');
    const verifier = form.get('code_verifier') ?? '';
    if (!VERIFIER.test(verifier)) return refuse('invalid_grant', 'A code_verifier of 43–128 characters.');
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    if (challenge !== pending.request.codeChallenge)
      return refuse('invalid_grant', 'The code_verifier does not match the code_challenge.');
    const body = await this.tokens(pending.user, pending.request.nonce, true);
    this.spent.set(code, { refreshToken: String(body.refresh_token), expiresAt: pending.expiresAt });
    return { kind: 'json', status: 200, body };
  }

  /** POST /oauth2/revoke: the refresh token stops working (an unknown one is fine, RFC 7009). */
  revoke(form: URLSearchParams): OAuthAnswer {
    if (form.get('client_id') !== LOCAL_CLIENT_ID)
      return { kind: 'json', status: 401, body: { error: 'invalid_client' } };
    this.refreshTokens.delete(form.get('token') ?? '');
    return { kind: 'json', status: 200, body: {} };
  }

  /** GET /logout: ends the issuer's session and returns to an allowed `logout_uri`. */
  logout(query: URLSearchParams, allowedLogouts: readonly string[], cookie: string | undefined): OAuthAnswer {
    const target = query.get('logout_uri') ?? '';
    if (query.get('client_id') !== LOCAL_CLIENT_ID || !allowedLogouts.includes(target))
      return this.refusal(query.get('lang') ?? undefined, 'client_id or logout_uri is not registered.');
    this.sessions.delete(cookieValue(cookie, SESSION_COOKIE) ?? '');
    return {
      kind: 'redirect',
      location: target,
      setCookie: `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
    };
  }

  private check(
    query: URLSearchParams,
    allowedRedirects: readonly string[],
  ): { request: AuthorizationRequest } | { answer: OAuthAnswer } {
    const lang = query.get('lang') ?? undefined;
    const redirectUri = query.get('redirect_uri') ?? '';
    // An unknown client or redirect target gets a page, never a redirect (RFC 6749 §4.1.2.1).
    if (query.get('client_id') !== LOCAL_CLIENT_ID)
      return { answer: this.refusal(lang, 'client_id is not a client of this issuer.') };
    if (!allowedRedirects.includes(redirectUri))
      return { answer: this.refusal(lang, 'redirect_uri is not registered for this client.') };
    const state = query.get('state') ?? '';
    const back = (error: string, description: string) => {
      const target = new URL(redirectUri);
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (state) target.searchParams.set('state', state);
      return { answer: { kind: 'redirect', location: target.href } as const };
    };
    if (query.get('response_type') !== 'code')
      return back('unsupported_response_type', 'response_type=code.');
    if (!state) return back('invalid_request', 'A state is required.');
    const scope = query.get('scope') ?? '';
    if (!scope.split(' ').includes('openid')) return back('invalid_scope', 'The scope must include openid.');
    const codeChallenge = query.get('code_challenge') ?? '';
    if (query.get('code_challenge_method') !== 'S256' || !CHALLENGE.test(codeChallenge))
      return back('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
    return {
      request: {
        clientId: LOCAL_CLIENT_ID,
        redirectUri,
        state,
        nonce: query.get('nonce') ?? undefined,
        codeChallenge,
        scope,
        lang,
      },
    };
  }

  private approve(request: AuthorizationRequest, user: DemoUser): OAuthAnswer & { kind: 'redirect' } {
    this.forgetExpired();
    const code = randomToken();
    this.codes.set(code, { request, user, expiresAt: this.now() + CODE_TTL_MS });
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', request.state);
    return { kind: 'redirect', location: target.href };
  }

  private async tokens(
    user: DemoUser,
    nonce: string | undefined,
    withRefreshToken: boolean,
  ): Promise<Record<string, unknown>> {
    const identity = {
      sub: user.sub,
      groups: user.groups,
      ...(user.email ? { email: user.email, email_verified: true } : {}),
    };
    const authTime = Math.floor(this.now() / 1000);
    const idToken = await this.issuer.issue(identity, ID_TOKEN_SECONDS, {
      audience: LOCAL_CLIENT_ID,
      claims: { token_use: 'id', name: user.name, auth_time: authTime, ...(nonce ? { nonce } : {}) },
    });
    const accessToken = await this.issuer.issue({ sub: user.sub, groups: user.groups }, ID_TOKEN_SECONDS, {
      audience: LOCAL_CLIENT_ID,
      claims: { token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: 'openid email profile' },
    });
    const refreshToken = withRefreshToken ? randomToken() : undefined;
    if (refreshToken) this.refreshTokens.set(refreshToken, user);
    return {
      id_token: idToken,
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      token_type: 'Bearer',
      expires_in: ID_TOKEN_SECONDS,
    };
  }

  private picker(request: AuthorizationRequest): string {
    const w = request.lang?.toLowerCase().startsWith('zh') ? words.zh : words.en;
    const hidden = Object.entries({
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      state: request.state,
      scope: request.scope,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
      ...(request.nonce ? { nonce: request.nonce } : {}),
      ...(request.lang ? { lang: request.lang } : {}),
    })
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join('');
    const buttons = this.users
      .map(
        (user) =>
          `<li><button type="submit" name="sub" value="${escapeHtml(user.sub)}">${escapeHtml(user.name)}<span class="role">${escapeHtml(w[user.role])} · ${escapeHtml(user.sub)}</span></button></li>`,
      )
      .join('');
    return page(
      request.lang,
      w.title,
      `<h1>${escapeHtml(w.title)}</h1><p>${escapeHtml(w.lead)}</p><form method="post" action="/oauth2/authorize">${hidden}<ul class="user-picker" aria-label="${escapeHtml(w.users)}">${buttons}</ul></form>`,
    );
  }

  private refusal(lang: string | undefined, detail: string): OAuthAnswer {
    const w = lang?.toLowerCase().startsWith('zh') ? words.zh : words.en;
    return {
      kind: 'page',
      status: 400,
      html: page(lang, w.refused, `<h1>${escapeHtml(w.refused)}</h1><p>${escapeHtml(detail)}</p>`),
    };
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [code, pending] of this.codes) if (pending.expiresAt <= now) this.codes.delete(code);
    for (const [code, spent] of this.spent) if (spent.expiresAt <= now) this.spent.delete(code);
  }
}
