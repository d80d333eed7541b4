import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  readSecret,
  requireSecret,
  resetSecretCache,
  secretReference,
} from '../../../functions/shared/secrets.js';

const secretsManager = mockClient(SecretsManagerClient);

beforeEach(() => {
  secretsManager.reset();
  resetSecretCache();
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
});
afterAll(() => {
  secretsManager.restore();
  vi.unstubAllEnvs();
});

describe('signing secrets', () => {
  it('falls back to the plain variable when no Secrets Manager reference is set (local runtime)', async () => {
    const env = { PAYMENT_GATEWAY_SECRET: 'local-secret' };

    await expect(readSecret('PAYMENT_GATEWAY_SECRET', env)).resolves.toBe('local-secret');
    await expect(requireSecret('PAYMENT_GATEWAY_SECRET', env)).resolves.toBe('local-secret');
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('reads nothing when neither is set, and requireSecret names both variables', async () => {
    await expect(readSecret('CARRIER_SECRET', { CARRIER_SECRET: '' })).resolves.toBeUndefined();
    await expect(requireSecret('CARRIER_SECRET', {})).rejects.toThrow(/CARRIER_SECRET_NAME.*CARRIER_SECRET/);
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('fetches from Secrets Manager by <NAME>_NAME, preferring it over a plain variable, and caches the value', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'redress-dev/payment-gateway-secret' })
      .resolves({ SecretString: 'from-secrets-manager' });
    const env = {
      PAYMENT_GATEWAY_SECRET_NAME: 'redress-dev/payment-gateway-secret',
      PAYMENT_GATEWAY_SECRET: 'ignored',
    };

    const [first, concurrent] = await Promise.all([
      requireSecret('PAYMENT_GATEWAY_SECRET', env),
      requireSecret('PAYMENT_GATEWAY_SECRET', env),
    ]);
    const later = await requireSecret('PAYMENT_GATEWAY_SECRET', env);

    expect([first, concurrent, later]).toEqual([
      'from-secrets-manager',
      'from-secrets-manager',
      'from-secrets-manager',
    ]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'redress-dev/payment-gateway-secret',
    });
  });

  it('accepts an ARN in <NAME>_ARN', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:survey-AbCdEf';
    secretsManager.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: 'survey-key' });

    expect(secretReference('SURVEY_SECRET', { SURVEY_SECRET_ARN: arn })).toBe(arn);
    await expect(readSecret('SURVEY_SECRET', { SURVEY_SECRET_ARN: arn })).resolves.toBe('survey-key');
  });

  it('fails on a secret without a string value, and retries after a failed fetch', async () => {
    const env = { CARRIER_SECRET_NAME: 'redress-dev/carrier-secret' };
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolvesOnce({ SecretString: '' })
      .resolves({ SecretString: 'carrier-key' });

    await expect(requireSecret('CARRIER_SECRET', env)).rejects.toThrow();
    await expect(requireSecret('CARRIER_SECRET', env)).rejects.toThrow(/no SecretString/);
    await expect(requireSecret('CARRIER_SECRET', env)).resolves.toBe('carrier-key');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });
});
