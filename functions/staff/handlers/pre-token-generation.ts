import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from '../../shared/observability.js';
import { admitTokenDeps } from '../token-compose.js';
import { makeAdmitToken } from '../use-cases/admit-token.js';

let admitToken: ReturnType<typeof makeAdmitToken> | undefined;

/**
 * Cognito's pre-token-generation trigger: refuses tokens to staff (agents, supervisors, admins)
 * without TOTP enrolled, by throwing (Cognito then fails the sign-in or refresh). Customers and
 * the shop integration pass unchanged. A failed enrolment lookup refuses too.
 */
export const handler = async (event: PreTokenGenerationTriggerEvent, _context: Context) => {
  admitToken ??= makeAdmitToken(admitTokenDeps());
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  try {
    await admitToken({ userPoolId: event.userPoolId, username: event.userName, groups });
  } catch (error) {
    logger.warn('Token refused', {
      triggerSource: event.triggerSource,
      groups,
      reason: error instanceof Error ? error.name : 'unknown',
    });
    throw error;
  }
  return event;
};
