import type { Role } from './demo.js';

/**
 * Who is signed in: the bearer token and what the console reads from it. Kept in memory and in
 * sessionStorage (this tab only, gone when it closes), never in localStorage.
 */
export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

const KEY = 'redress.session';
const groupRoles: Record<string, Role> = {
  customers: 'customer',
  agents: 'agent',
  supervisors: 'supervisor',
  admins: 'admin',
};

/** The roles a JWT's `cognito:groups` claim grants (the API decides; this only picks the screens). */
export function rolesOfToken(token: string): Role[] {
  const payload = token.split('.')[1];
  if (!payload) return [];
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const groups = json['cognito:groups'];
    return Array.isArray(groups)
      ? groups.flatMap((group) => (typeof group === 'string' && groupRoles[group] ? [groupRoles[group]] : []))
      : [];
  } catch {
    return [];
  }
}

export const isStaff = (session: Session | null): boolean =>
  !!session && session.roles.some((role) => role !== 'customer');

let current: Session | null = null;

export function loadSession(): Session | null {
  if (current) return current;
  try {
    const saved = sessionStorage.getItem(KEY);
    current = saved ? (JSON.parse(saved) as Session) : null;
  } catch {
    current = null;
  }
  return current;
}

export function saveSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
