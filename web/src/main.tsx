import { type ComponentType, render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { type ConsoleConfig, createApi, loadConfig } from './api/client.js';
import { AppContext, type AppState, useApp } from './app.js';
import { refreshSession, signOutEverywhere } from './auth.js';
import { Page } from './components.js';
import { I18nContext, type Locale, localeNames, locales, pickLocale, translator, useI18n } from './i18n.js';
import { Desk } from './pages/desk.js';
import { MyOrders } from './pages/my-orders.js';
import { MyTickets } from './pages/my-tickets.js';
import { NewTicket } from './pages/new-ticket.js';
import { SignIn, SignInFirst } from './pages/sign-in.js';
import { Survey } from './pages/survey.js';
import { TicketPage } from './pages/ticket.js';
import { match, navigate, onLinkClick, useLocation } from './router.js';
import { isStaff, loadSession, type Session, saveSession } from './session.js';

const LOCALE_KEY = 'redress.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved && (locales as readonly string[]).includes(saved)) return saved as Locale;
  return pickLocale(navigator.languages ?? [navigator.language]);
}

function Header() {
  const { t, locale, setLocale } = useI18n();
  const app = useApp();
  const staff = isStaff(app.session);
  return (
    <header class="top">
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <a class="brand" href={staff ? '/desk' : '/tickets'}>
        {t('app.name')}
      </a>
      {app.session ? (
        <nav class="top-nav" aria-label={t('nav.main')}>
          <ul>
            {staff ? (
              <>
                <li>
                  <a href="/desk">{t('nav.desk')}</a>
                </li>
                {app.session.roles.some((role) => role === 'supervisor' || role === 'admin') ? (
                  <li>
                    <a href="/dashboard">{t('nav.dashboard')}</a>
                  </li>
                ) : null}
                {app.session.roles.includes('admin') ? (
                  <li>
                    <a href="/admin">{t('nav.admin')}</a>
                  </li>
                ) : null}
              </>
            ) : (
              <>
                <li>
                  <a href="/orders">{t('nav.myOrders')}</a>
                </li>
                <li>
                  <a href="/tickets">{t('nav.myTickets')}</a>
                </li>
              </>
            )}
          </ul>
        </nav>
      ) : null}
      <div class="top-end">
        <label class="language">
          <span>{t('app.language')}</span>
          <select
            value={locale}
            onChange={(event) => setLocale((event.target as HTMLSelectElement).value as Locale)}
          >
            {locales.map((code) => (
              <option key={code} value={code} lang={code}>
                {localeNames[code]}
              </option>
            ))}
          </select>
        </label>
        {app.session ? (
          <>
            <span class="who">{t('app.signedInAs', { name: app.session.name })}</span>
            <button type="button" class="link" onClick={() => app.signOut()}>
              {t('app.signOut')}
            </button>
          </>
        ) : null}
      </div>
    </header>
  );
}

/**
 * A page in its own chunk, fetched the first time it is opened: the screens few users see
 * (settings, the dashboard) stay out of every other page's first load.
 */
function Lazy({ load }: { load: () => Promise<ComponentType> }) {
  const { t } = useI18n();
  const [Loaded, setLoaded] = useState<ComponentType | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    load().then(
      (component) => setLoaded(() => component),
      () => setFailed(true),
    );
  }, [load]);
  if (failed) return <p role="alert">{t('problem.network')}</p>;
  return Loaded ? <Loaded /> : <p role="status">{t('app.loading')}</p>;
}
const loadAdmin = () => import('./pages/admin.js').then((module) => module.Admin);
const loadDashboard = () => import('./pages/dashboard.js').then((module) => module.Dashboard);

/** Replaces the current entry (no history step) once rendered. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

function Routes({ url }: { url: URL }) {
  const { t } = useI18n();
  const app = useApp();
  const path = url.pathname;
  // The survey from the email works without signing in.
  if (path === '/survey') return <Survey token={url.searchParams.get('token')} preset={url.searchParams} />;
  if (path === '/signin') return <SignIn url={url} />;
  // Every other page needs a user: sign in, then come back here.
  if (!app.session) return <SignInFirst next={path + url.search} />;
  const staff = isStaff(app.session);
  if (path === '/') {
    return <Redirect to={staff ? '/desk' : '/tickets'} />;
  }
  if (path === '/desk' && staff) return <Desk params={url.searchParams} />;
  if (path === '/admin' && app.session.roles.includes('admin')) return <Lazy load={loadAdmin} />;
  if (path === '/dashboard' && app.session.roles.some((role) => role === 'supervisor' || role === 'admin'))
    return <Lazy load={loadDashboard} />;
  if (path === '/tickets' && !staff) return <MyTickets />;
  if (path === '/orders' && !staff) return <MyOrders />;
  if (path === '/tickets/new') return <NewTicket orderId={url.searchParams.get('order')} />;
  const ticket = match('/tickets/:id', path);
  if (ticket?.id) return <TicketPage id={ticket.id} />;
  return (
    <Page title={t('app.notFound')}>
      <p>
        <a href="/">{t('app.name')}</a>
      </p>
    </Page>
  );
}

function App({ config }: { config: ConsoleConfig }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [session, setSession] = useState<Session | null>(loadSession);
  // Set while the browser leaves for the issuer's /logout: the page being left shows only that,
  // or a page that needs a user would start a sign-in of its own and race the logout.
  const [leaving, setLeaving] = useState(false);
  const signOut = useCallback(
    (expired = false) => {
      const ending = loadSession();
      saveSession(null);
      if (!expired && config.signIn) {
        setLeaving(true);
        setSession(null);
        void signOutEverywhere(config.signIn, ending);
        return;
      }
      setSession(null);
      navigate(expired ? `/signin?expired=1&next=${encodeURIComponent(location.pathname)}` : '/signin');
    },
    [config.signIn],
  );
  // The ID token lives an hour: renewed two minutes before it ends, else the user signs in again.
  useEffect(() => {
    const settings = config.signIn;
    if (!session?.refreshToken || !settings) return;
    const timer = setTimeout(
      () => {
        refreshSession(settings, session).then(
          (renewed) => {
            saveSession(renewed);
            setSession(renewed);
          },
          () => signOut(true),
        );
      },
      Math.max(0, session.expiresAt - Date.now() - 120_000),
    );
    return () => clearTimeout(timer);
  }, [session, config.signIn, signOut]);
  const url = useLocation();
  const api = useMemo(() => createApi(config.apiUrl), [config.apiUrl]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocaleState(next);
  }, []);
  const i18n = useMemo(() => ({ locale, t: translator(locale), setLocale }), [locale, setLocale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const state: AppState = {
    config,
    api,
    session,
    signIn: (next) => {
      saveSession(next);
      setSession(next);
    },
    signOut,
  };
  return (
    <AppContext.Provider value={state}>
      <I18nContext.Provider value={i18n}>
        <Header />
        <main id="main" tabIndex={-1}>
          {leaving ? <p role="status">{i18n.t('app.signingOut')}</p> : <Routes url={url} />}
        </main>
      </I18nContext.Provider>
    </AppContext.Provider>
  );
}

const root = document.getElementById('app') as HTMLElement;
document.addEventListener('click', onLinkClick);
loadConfig()
  .catch((): ConsoleConfig => ({ apiUrl: '', signIn: null }))
  .then((config) => render(<App config={config} />, root));
