/** Who is calling, taken from the verified JWT claims. Roles come from `cognito:groups`. */
export const roles = ['customer', 'agent', 'supervisor', 'admin', 'integration'] as const;
export type Role = (typeof roles)[number];

export const groupToRole: Readonly<Record<string, Role>> = {
  customers: 'customer',
  agents: 'agent',
  supervisors: 'supervisor',
  admins: 'admin',
  integrations: 'integration',
};

export interface Principal {
  readonly id: string;
  readonly roles: ReadonlySet<Role>;
  /** The caller's address, present only when the token says it is verified (`email_verified`). */
  readonly email?: string;
  readonly locale?: string;
}

export const staffRoles: readonly Role[] = ['agent', 'supervisor', 'admin'];

export function isStaff(principal: Principal): boolean {
  return staffRoles.some((role) => principal.roles.has(role));
}

export function hasAnyRole(principal: Principal, wanted: readonly Role[]): boolean {
  return wanted.some((role) => principal.roles.has(role));
}

/**
 * API Gateway's JWT authorizer hands array claims over as a string such as `[agents admins]`;
 * a token verified in-process may carry a real array. Both are accepted.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter((g) => g.length > 0);
}

export function principalFromClaims(
  claims: Readonly<Record<string, unknown>> | undefined,
): Principal | undefined {
  if (!claims) return undefined;
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  const granted = new Set<Role>();
  for (const group of parseGroups(claims['cognito:groups'])) {
    const role = groupToRole[group];
    if (role) granted.add(role);
  }
  // Only a verified address is the caller's: an unverified `email` claim is anyone's to type.
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  const email = verified && typeof claims.email === 'string' ? claims.email : undefined;
  const locale = typeof claims.locale === 'string' ? claims.locale : undefined;
  return { id: sub, roles: granted, ...(email ? { email } : {}), ...(locale ? { locale } : {}) };
}
