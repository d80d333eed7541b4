import { afterAll, describe, expect, it } from 'vitest';
import { buildStage, removeTemporaryAssemblies } from './support.js';

/**
 * CloudFormation refuses a template of more than 500 resources, and each route adds about nine
 * (function, role, policy, log group, permission, integration, route, two alarms). Every stack is
 * held to 450: a change that crosses it fails here, with about five routes' worth of room left to
 * split a stack (ADR 24), instead of failing the deploy.
 */
const MAX_RESOURCES_PER_STACK = 450;

// Every optional part of a stage on (alarm email, email identity, the email channel), so that the
// largest templates are counted. No bundling: the count does not depend on the code.
const stage = buildStage({
  stage: 'dev',
  alarmEmail: 'ops@shop.example',
  corsAllowedOrigins: ['https://shop.example'],
  sesIdentityDomain: 'mail.shop.example',
  sesFromAddress: 'support@mail.shop.example',
  replyDomain: 'reply.shop.example',
  supportAddress: 'help@shop.example',
  paymentGatewayUrl: 'https://payments.shop.example/v1',
  carrierUrl: 'https://carrier.shop.example/api',
  'aws:cdk:bundling-stacks': [],
});
afterAll(removeTemporaryAssemblies);

describe('stage size', () => {
  const counts = new Map(
    stage.app
      .synth()
      .stacks.map((stack) => [
        stack.stackName,
        Object.keys((stack.template as { Resources?: object }).Resources ?? {}).length,
      ]),
  );

  it('synthesizes every stack of the stage', () => {
    expect([...counts.keys()].sort()).toEqual(
      [
        'redress-dev-analytics',
        'redress-dev-console',
        'redress-dev-console-page',
        'redress-dev-monitoring',
        'redress-dev-stateful',
        'redress-dev-stateless',
        'redress-dev-workers',
      ].sort(),
    );
  });

  it(`keeps every stack at or below ${MAX_RESOURCES_PER_STACK} resources (CloudFormation's limit is 500)`, () => {
    const over = [...counts].filter(([, count]) => count > MAX_RESOURCES_PER_STACK);
    expect(over).toEqual([]);
  });
});
