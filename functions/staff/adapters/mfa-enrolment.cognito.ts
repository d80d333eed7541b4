import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { MfaEnrolment } from '../use-cases/admit-token.js';

/** MFA enrolment as Cognito keeps it: AdminGetUser's `UserMFASettingList` names TOTP. */
export class CognitoMfaEnrolment implements MfaEnrolment {
  constructor(private readonly client: CognitoIdentityProviderClient) {}

  async hasTotp(userPoolId: string, username: string): Promise<boolean> {
    const user = await this.client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }),
    );
    return (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
  }
}

let client: CognitoIdentityProviderClient | undefined;

/** The Cognito client of the process, built on first use (only the pre-token trigger loads it). */
export function getCognitoClient(): CognitoIdentityProviderClient {
  client ??= new CognitoIdentityProviderClient({});
  return client;
}
