import { type Environment, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import { AnalyticsStack } from './analytics-stack.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

/**
 * App-level context defaults (cdk.json and `-c` still win). Cross-stack references between the
 * stateful and stateless stacks stay "strong" (CloudFormation exports): a stateful resource in use
 * cannot be removed from under the stateless stack.
 */
export const redressAppContext: Readonly<Record<string, unknown>> = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export interface RedressStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly analytics: AnalyticsStack;
}

/**
 * One stage of Redress: a stateful stack (data, identity), a stateless stack (code, API,
 * monitoring) that receives the stateful constructs directly, and the analytics archive's pipe
 * (ADR 22) beside them. The CDK app entry (bin/redress.ts)
 * and the infra tests both compose the stages through this function.
 */
export function composeRedress(scope: Construct, config: StageConfig, env?: Environment): RedressStacks {
  const prefix = config.resourcePrefix;
  // Both stacks are termination-protected in production (see the stack classes).
  const common = env ? { env } : {};
  const stateful = new StatefulStack(scope, `${prefix}-stateful`, {
    ...common,
    stackName: `${prefix}-stateful`,
    description: `Redress ${config.stage}: table, queues, event bus, user pool, email configuration`,
    config,
  });
  const stateless = new StatelessStack(scope, `${prefix}-stateless`, {
    ...common,
    stackName: `${prefix}-stateless`,
    description: `Redress ${config.stage}: HTTP API, functions, stream router, monitoring`,
    config,
    stateful,
  });
  const analytics = new AnalyticsStack(scope, `${prefix}-analytics`, {
    ...common,
    stackName: `${prefix}-analytics`,
    description: `Redress ${config.stage}: analytics archive pipe (bus rule, Firehose, transform)`,
    config,
    stateful,
    alarmTopic: stateless.monitoring.alarmTopic,
  });
  for (const stack of [stateful, stateless, analytics]) {
    Tags.of(stack).add('project', 'redress');
    Tags.of(stack).add('stage', config.stage);
  }
  return { stateful, stateless, analytics };
}
