import type { Role } from './demo.js';

/**
 * Who is signed in: the bearer token (the ID token), the refresh token that renews it, and what
 * the console reads from it. Kept in this page's memory only: not in sessionStorage, not in
 * localStorage, never in a URL. A reload signs in again (the sign-in page's own session makes
 * that a round trip without questions).
 */
export interface Session {
  readonly token: string;
  /** When `token` expires (epoch ms); it is renewed a little before. */
  readonly expiresAt: number;
  readonly refreshToken: string | undefined;
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
}
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
  return current;
}

export function saveSession(session: Session | null): void {
  current = session;
}
