import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app.js';
import { beginSignIn, completeSignIn } from '../auth.js';
import { Page } from '../components.js';
import { useI18n } from '../i18n.js';
import { navigate } from '../router.js';

/**
 * `/signin`: the way out to the sign-in page (Cognito's Hosted UI, or the local issuer's picker)
 * and the way back in. Coming back with `?code=…&state=…`, the address is cleaned first, then
 * the code is traded for tokens and the user goes on to the page they asked for.
 */
export function SignIn({ url }: { url: URL }) {
  const { t, locale } = useI18n();
  const app = useApp();
  const settings = app.config.signIn;
  const returning = url.searchParams.has('code') || url.searchParams.has('error');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const handled = useRef(false);

  useEffect(() => {
    if (!returning || !settings || handled.current) return;
    handled.current = true;
    const callback = new URL(location.href);
    // The code and state leave the address bar (and the history) before anything else happens.
    history.replaceState(null, '', '/signin');
    completeSignIn(settings, callback).then(
      ({ session, next }) => {
        app.signIn(session);
        navigate(next, true);
      },
      (failure: Error) => setError(t('signin.failed', { detail: failure.message })),
    );
  }, [returning, settings, app, t]);

  const start = () => {
    if (!settings) return;
    setBusy(true);
    beginSignIn(settings, url.searchParams.get('next') ?? '/', locale).catch((failure: Error) => {
      setBusy(false);
      setError(t('signin.failed', { detail: failure.message }));
    });
  };

  return (
    <Page title={t('signin.title')}>
      {url.searchParams.has('expired') ? (
        <p class="notice" role="status">
          {t('signin.expired')}
        </p>
      ) : null}
      {returning && !error ? (
        <p role="status">{t('signin.working')}</p>
      ) : settings ? (
        <>
          <p>{t('signin.lead')}</p>
          <p>
            <button type="button" class="primary" disabled={busy} onClick={start}>
              {t('signin.button')}
            </button>
          </p>
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

/** A page that needs a user, opened without one: straight on to the sign-in page, then back. */
export function SignInFirst({ next }: { next: string }) {
  const { locale } = useI18n();
  const app = useApp();
  const settings = app.config.signIn;
  useEffect(() => {
    const fallback = () => navigate(`/signin?next=${encodeURIComponent(next)}`, true);
    if (settings) beginSignIn(settings, next, locale).catch(fallback);
    else fallback();
  }, [settings, next, locale]);
  return null;
}
