import { useState } from 'preact/hooks';
import { useApp } from '../app.js';
import { Page } from '../components.js';
import { type DemoUser, demoUsers } from '../demo.js';
import { useI18n } from '../i18n.js';
import { navigate } from '../router.js';
import { rolesOfToken } from '../session.js';

/**
 * Locally (`npm start`): a picker of the demo users; the local issuer (`POST /_local/token`)
 * signs a token for the one chosen. The token is kept for this tab only.
 */
export function SignIn({ next }: { next: string | null }) {
  const { t, locale } = useI18n();
  const app = useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const expired = new URLSearchParams(location.search).has('expired');

  const signIn = async (user: DemoUser) => {
    setBusy(user.sub);
    setError(null);
    try {
      const response = await fetch(`${app.config.apiUrl}/_local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sub: user.sub,
          groups: user.groups,
          locale,
          ...(user.email ? { email: user.email, email_verified: true } : {}),
        }),
      });
      const body = (await response.json()) as { token?: string; detail?: string };
      if (!response.ok || !body.token) throw new Error(body.detail ?? `HTTP ${response.status}`);
      app.signIn({ token: body.token, sub: user.sub, name: user.name, roles: rolesOfToken(body.token) });
      const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/';
      navigate(target, true);
    } catch (failure) {
      setError(t('signin.failed', { detail: (failure as Error).message }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title={t('signin.title')}>
      {expired ? (
        <p class="notice" role="status">
          {t('signin.expired')}
        </p>
      ) : null}
      {app.config.localSignIn ? (
        <>
          <p>{t('signin.lead')}</p>
          <ul class="user-picker">
            {demoUsers.map((user) => (
              <li key={user.sub}>
                <button type="button" disabled={busy !== null} onClick={() => void signIn(user)}>
                  <span class="user-name">{t('signin.as', { name: user.name })}</span>
                  <span class="user-role">
                    {t(`signin.role.${user.role}`)} · <code>{user.sub}</code>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('signin.unavailable')}</p>
      )}
      {error ? (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
    </Page>
  );
}
