import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Api, ConsoleConfig } from './api/client.js';
import type { Session } from './session.js';

export interface AppState {
  readonly config: ConsoleConfig;
  readonly api: Api;
  readonly session: Session | null;
  signIn(session: Session): void;
  signOut(expired?: boolean): void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside the app');
  return app;
}

/** The current time, ticking every `intervalMs` (countdowns). */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Calls `refresh` every `intervalMs` while the tab is visible (the API has no push yet). */
export function usePolling(refresh: () => void, intervalMs: number, active = true): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs, active]);
}
