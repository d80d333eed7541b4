import { readFileSync } from 'node:fs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { type ContextSource, StageConfigError, stageConfigFromContext } from '../../lib/config/stage.js';
import { projectRoot } from '../../lib/constructs/service-function.js';

function contextOf(values: Record<string, unknown>): ContextSource {
  return { tryGetContext: (key: string) => values[key] };
}

function configError(values: Record<string, unknown>): string {
  try {
    stageConfigFromContext(contextOf(values));
  } catch (error) {
    expect(error).toBeInstanceOf(StageConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the stage settings to be rejected');
}

describe('stage config', () => {
  it('gives a dev stage short log retention, DESTROY and no deletion protection', () => {
    const config = stageConfigFromContext(contextOf({ stage: 'dev' }));

    expect(config).toMatchObject({
      stage: 'dev',
      isProduction: false,
      resourcePrefix: 'redress-dev',
      corsAllowedOrigins: [],
      logRetentionDays: 30,
      logLevel: 'DEBUG',
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      threatProtection: false,
      alarmEmail: undefined,
      autoCloseDays: 7,
      slaBreachAlarmThreshold: 10,
    });
  });

  it('retains and deletion-protects everything in prod', () => {
    const config = stageConfigFromContext(contextOf({ stage: 'prod' }));

    expect(config.isProduction).toBe(true);
    expect(config.removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(config.deletionProtection).toBe(true);
    expect(config.logRetentionDays).toBe(365);
    expect(config.logLevel).toBe('INFO');
  });

  it('reads the stage block from "stages" and lets flat context keys override it', () => {
    const config = stageConfigFromContext(
      contextOf({
        stage: 'prod',
        stages: {
          prod: {
            alarmEmail: 'ops@shop.example',
            logRetentionDays: 731,
            sesIdentityDomain: 'mail.shop.example',
          },
          dev: { alarmEmail: 'not-an-email' },
        },
        logRetentionDays: '90',
      }),
    );

    expect(config.alarmEmail).toBe('ops@shop.example');
    expect(config.sesIdentityDomain).toBe('mail.shop.example');
    expect(config.logRetentionDays).toBe(90);
  });

  it('parses -c strings: comma or JSON lists, numbers and booleans', () => {
    const fromCommas = stageConfigFromContext(
      contextOf({
        stage: 'dev',
        corsAllowedOrigins: 'https://shop.example, http://localhost:5173',
        apiThrottleRateLimit: '50',
        apiThrottleBurstLimit: '80',
        threatProtection: 'true',
        autoCloseDays: '14',
        slaBreachAlarmThreshold: '0',
      }),
    );
    const fromJson = stageConfigFromContext(
      contextOf({ stage: 'dev', corsAllowedOrigins: '["https://a.shop.example","https://b.shop.example"]' }),
    );

    expect(fromCommas.corsAllowedOrigins).toEqual(['https://shop.example', 'http://localhost:5173']);
    expect(fromCommas.apiThrottle).toEqual({ rateLimit: 50, burstLimit: 80 });
    expect(fromCommas.threatProtection).toBe(true);
    expect(fromCommas.autoCloseDays).toBe(14);
    expect(fromCommas.slaBreachAlarmThreshold).toBe(0);
    expect(fromJson.corsAllowedOrigins).toEqual(['https://a.shop.example', 'https://b.shop.example']);
  });

  it('reads partner endpoints, the frontend URL and the secret names, with per-stage default names', () => {
    const configured = stageConfigFromContext(
      contextOf({
        stage: 'dev',
        paymentGatewayUrl: 'https://payments.shop.example/v1',
        carrierUrl: 'https://carrier.shop.example',
        appUrl: 'http://localhost:5173',
        paymentGatewaySecretName: 'shop/payments-hmac',
        carrierSecretName: 'shop/carrier-hmac',
        surveySecretName: 'shop/survey-key',
        consoleDomainPrefix: 'shop-desk',
      }),
    );
    const defaults = stageConfigFromContext(contextOf({ stage: 'staging' }));

    expect(configured).toMatchObject({
      paymentGatewayUrl: 'https://payments.shop.example/v1',
      carrierUrl: 'https://carrier.shop.example',
      appUrl: 'http://localhost:5173',
      consoleDomainPrefix: 'shop-desk',
      secretNames: {
        paymentGateway: 'shop/payments-hmac',
        carrier: 'shop/carrier-hmac',
        survey: 'shop/survey-key',
      },
    });
    expect(defaults).toMatchObject({
      paymentGatewayUrl: undefined,
      carrierUrl: undefined,
      appUrl: undefined,
      consoleDomainPrefix: 'redress-staging',
      secretNames: {
        paymentGateway: 'redress-staging/payment-gateway-secret',
        carrier: 'redress-staging/carrier-secret',
        survey: 'redress-staging/survey-secret',
      },
    });
  });

  it('explains that the stage is missing', () => {
    expect(configError({})).toMatch(/stage/);
  });

  it.each([
    [{ stage: 'Prod' }, /stage must be/],
    [{ stage: 'dev', alarmEmail: 'ops' }, /alarmEmail/],
    [{ stage: 'dev', logRetentionDays: 31 }, /logRetentionDays must be one of/],
    [{ stage: 'dev', logRetentionDays: '' }, /logRetentionDays/],
    [{ stage: 'dev', corsAllowedOrigins: ['https://shop.example/app'] }, /CORS origin/],
    [{ stage: 'dev', corsAllowedOrigins: '*' }, /CORS origin/],
    [{ stage: 'dev', sesIdentityDomain: 'not a domain' }, /sesIdentityDomain/],
    [{ stage: 'dev', apiThrottleRateLimit: 100, apiThrottleBurstLimit: 10 }, /apiThrottleBurstLimit/],
    [{ stage: 'dev', stages: { dev: { alarmEmial: 'ops@shop.example' } } }, /alarmEmial/],
    [{ stage: 'dev', stages: ['dev'] }, /"stages" must be an object/],
    [{ stage: 'dev', autoCloseDays: 0 }, /autoCloseDays/],
    [{ stage: 'dev', autoCloseDays: '1.5' }, /autoCloseDays/],
    [{ stage: 'dev', slaBreachAlarmThreshold: -1 }, /slaBreachAlarmThreshold/],
    [
      { stage: 'dev', paymentGatewayUrl: 'http://payments.shop.example' },
      /paymentGatewayUrl must be an https URL/,
    ],
    [{ stage: 'dev', paymentGatewayUrl: 'payments.shop.example' }, /paymentGatewayUrl/],
    [{ stage: 'dev', carrierUrl: 'https://user:pw@carrier.example' }, /carrierUrl/],
    [{ stage: 'dev', carrierUrl: 'https://carrier.example/v1?key=1' }, /carrierUrl/],
    [{ stage: 'dev', appUrl: 'http://shop.example' }, /appUrl/],
    [
      { stage: 'dev', paymentGatewaySecretName: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' },
      /paymentGatewaySecretName/,
    ],
    [{ stage: 'dev', carrierSecretName: 'has space' }, /carrierSecretName/],
    [{ stage: 'dev', surveySecretName: '' }, /surveySecretName/],
    [{ stage: 'dev', consoleDomainPrefix: 'Shop_Desk' }, /consoleDomainPrefix must be/],
    [{ stage: 'dev', consoleDomainPrefix: 'shop-' }, /consoleDomainPrefix must be/],
    [{ stage: 'dev', consoleDomainPrefix: 'shop-cognito' }, /consoleDomainPrefix may not contain/],
  ])('rejects %j with a message naming the setting', (values, message) => {
    expect(configError(values)).toMatch(message);
  });
});

describe('cdk.json', () => {
  const context = (
    JSON.parse(readFileSync(`${projectRoot}cdk.json`, 'utf8')) as { context: Record<string, unknown> }
  ).context;
  const stages = Object.keys(context.stages as Record<string, unknown>);

  it('defaults to the dev stage and has dev and prod examples', () => {
    expect(context.stage).toBe('dev');
    expect(stages).toEqual(expect.arrayContaining(['dev', 'prod']));
  });

  it.each(stages)('holds valid settings for stage %s', (stage) => {
    const config = stageConfigFromContext(contextOf({ ...context, stage }));
    expect(config.stage).toBe(stage);
  });

  it('gives dev placeholder partner endpoints that cannot resolve, the deployed console for links, and secret names', () => {
    const dev = stageConfigFromContext(contextOf({ ...context, stage: 'dev' }));
    expect(new URL(dev.paymentGatewayUrl ?? '').hostname).toMatch(/\.invalid$/);
    expect(new URL(dev.carrierUrl ?? '').hostname).toMatch(/\.invalid$/);
    // No appUrl: the links in email go to the console the stage deploys.
    expect(dev.appUrl).toBeUndefined();
    expect(Object.values(dev.secretNames).every((name) => name.startsWith('redress-dev/'))).toBe(true);
  });

  it('gives prod an alarm email, an SES identity and a From address in it', () => {
    const prod = stageConfigFromContext(contextOf({ ...context, stage: 'prod' }));
    expect(prod.alarmEmail).toBeDefined();
    expect(prod.sesIdentityDomain).toBeDefined();
    expect(prod.sesFromAddress?.endsWith(`@${prod.sesIdentityDomain}`)).toBe(true);
  });
});
