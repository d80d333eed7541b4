import { ForbiddenError } from '../../shared/errors.js';
import { groupToRole, staffRoles } from '../../shared/principal.js';

/** Port: whether a user of the pool has an authenticator app (TOTP) enrolled. */
export interface MfaEnrolment {
  hasTotp(userPoolId: string, username: string): Promise<boolean>;
}

export interface TokenRequest {
  readonly userPoolId: string;
  readonly username: string;
  /** The Cognito groups the token would carry. */
  readonly groups: readonly string[];
}

/** Whether a user of these groups holds a staff role (agents, supervisors, admins). */
export function isStaffMember(groups: readonly string[]): boolean {
  return groups.some((group) => {
    const role = groupToRole[group];
    return role !== undefined && staffRoles.includes(role);
  });
}

/**
 * Decides whether Cognito may issue a token: a member of a staff group must have TOTP enrolled;
 * everyone else (customers, the shop integration) passes. A failed lookup refuses: it throws.
 */
export function makeAdmitToken({ enrolment }: { enrolment: MfaEnrolment }) {
  return async (request: TokenRequest): Promise<'staff' | 'other'> => {
    if (!isStaffMember(request.groups)) return 'other';
    if (!(await enrolment.hasTotp(request.userPoolId, request.username))) {
      throw new ForbiddenError(
        'Staff accounts must sign in with an authenticator app: enrol TOTP before signing in again.',
        'MFA_REQUIRED',
      );
    }
    return 'staff';
  };
}
