import { CognitoMfaEnrolment, getCognitoClient } from './adapters/mfa-enrolment.cognito.js';

/**
 * The sign-in gate's wiring, apart from compose.ts so that the pre-token trigger loads neither the
 * DynamoDB nor the SQS client.
 */
export function admitTokenDeps() {
  return { enrolment: new CognitoMfaEnrolment(getCognitoClient()) };
}
