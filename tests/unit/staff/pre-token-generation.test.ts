import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { getCognitoClient } from '../../../functions/staff/adapters/mfa-enrolment.cognito.js';
import { handler } from '../../../functions/staff/handlers/pre-token-generation.js';

const cognito = mockClient(getCognitoClient());
afterEach(() => cognito.reset());

function signIn(groups: string[], username = 'li@shop.example'): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_Pool',
    userName: username,
    triggerSource: 'TokenGeneration_Authentication',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: {
      userAttributes: { sub: 'u-1', email: username },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsOverrideDetails: null },
  } as unknown as PreTokenGenerationTriggerEvent;
}

const context = {} as Context;

describe('pre-token-generation trigger', () => {
  it('refuses a token to an agent with no TOTP enrolled', async () => {
    cognito.onAnyCommand().resolves({ Username: 'li@shop.example', UserMFASettingList: [] });
    await expect(handler(signIn(['agents']), context)).rejects.toMatchObject({ code: 'MFA_REQUIRED' });
    expect(cognito.calls()[0]?.args[0].input).toEqual({
      UserPoolId: 'us-east-1_Pool',
      Username: 'li@shop.example',
    });
  });

  it('refuses a supervisor or admin whose only second factor is not TOTP, or who has no MFA list', async () => {
    cognito.onAnyCommand().resolves({ Username: 'x', UserMFASettingList: ['SMS_MFA'] });
    await expect(handler(signIn(['supervisors']), context)).rejects.toMatchObject({ code: 'MFA_REQUIRED' });
    cognito.reset();
    cognito.onAnyCommand().resolves({ Username: 'x' });
    await expect(handler(signIn(['customers', 'admins']), context)).rejects.toMatchObject({
      code: 'MFA_REQUIRED',
    });
  });

  it('passes a staff member with TOTP enrolled, the event unchanged', async () => {
    cognito
      .onAnyCommand()
      .resolves({ Username: 'li@shop.example', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    const event = signIn(['agents']);
    await expect(handler(event, context)).resolves.toBe(event);
  });

  it('passes customers and the shop integration without asking Cognito', async () => {
    cognito.onAnyCommand().rejects(new Error('must not be called'));
    await expect(handler(signIn(['customers']), context)).resolves.toBeDefined();
    await expect(handler(signIn(['integrations']), context)).resolves.toBeDefined();
    await expect(handler(signIn([]), context)).resolves.toBeDefined();
    expect(cognito.calls()).toHaveLength(0);
  });

  it('refuses rather than lets a staff member through when Cognito cannot be asked', async () => {
    cognito
      .onAnyCommand()
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(handler(signIn(['admins']), context)).rejects.toThrow('Rate exceeded');
  });
});
