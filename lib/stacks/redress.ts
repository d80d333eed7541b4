import { type Environment, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import { AnalyticsStack } from './analytics-stack.js';
import { ConsolePageStack, ConsoleStack } from './console-stack.js';
import { MonitoringStack } from './monitoring-stack.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';
import { WorkersStack } from './workers-stack.js';

/**
 * App-level context defaults (cdk.json and `-c` still win). Cross-stack references between the
 * stateful and stateless stacks stay "strong" (CloudFormation exports): a stateful resource in use
 * cannot be removed from under the stateless stack.
 */
export const redressAppContext: Readonly<Record<string, unknown>> = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export interface ComposeOptions {
  /** Account and region, when the CLI resolves them; otherwise environment-agnostic stacks. */
  readonly env?: Environment | undefined;
  /** The built web console (web/dist: bin/redress.ts builds it first when missing or stale). */
  readonly consoleAssetPath: string;
}

export interface RedressStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly workers: WorkersStack;
  readonly monitoring: MonitoringStack;
  readonly analytics: AnalyticsStack;
  readonly console: ConsoleStack;
  readonly consolePage: ConsolePageStack;
}

/**
 * One stage of Redress: a stateful stack (data, identity), the web console's stack (before the
 * API, which names it), a stateless stack (HTTP API, its functions, the alarm topic), after it a
 * workers stack (stream, queue, schedule and event functions) and a monitoring stack (alarms and
 * dashboard; ADR 24), the console's page stack (after the API, which its config.json names) and
 * the analytics archive's pipe (ADR 22). Each stack receives the constructs it uses directly. The
 * CDK app entry (bin/redress.ts) and the infra tests both compose the stages through this
 * function.
 */
export function composeRedress(
  scope: Construct,
  config: StageConfig,
  options: ComposeOptions,
): RedressStacks {
  const { env, consoleAssetPath } = options;
  const prefix = config.resourcePrefix;
  // Every stack is termination-protected in production (see the stack classes).
  const common = env ? { env } : {};
  const stateful = new StatefulStack(scope, `${prefix}-stateful`, {
    ...common,
    stackName: `${prefix}-stateful`,
    description: `Redress ${config.stage}: table, queues, event bus, user pool, email configuration`,
    config,
  });
  const consoleStack = new ConsoleStack(scope, `${prefix}-console`, {
    ...common,
    stackName: `${prefix}-console`,
    description: `Redress ${config.stage}: web console bucket, distribution, Hosted UI domain and client`,
    config,
    stateful,
    consoleAssetPath,
  });
  const workers = new WorkersStack(scope, `${prefix}-workers`, {
    ...common,
    stackName: `${prefix}-workers`,
    description: `Redress ${config.stage}: stream router and aggregator, queue consumers, schedules, event consumers`,
    config,
    stateful,
    webConsole: consoleStack.webConsole,
  });
  const stateless = new StatelessStack(scope, `${prefix}-stateless`, {
    ...common,
    stackName: `${prefix}-stateless`,
    description: `Redress ${config.stage}: HTTP API, its functions, alarm topic`,
    config,
    stateful,
    webConsole: consoleStack.webConsole,
  });
  // No reference joins the two code stacks (monitoring watches the workers by name). The order is
  // for a stage deployed before the split (ADR 24): the stateless stack's update deletes the
  // workers it held, then this stack creates them under the same names.
  workers.addStackDependency(
    stateless,
    'the workers move out of the stateless stack before they are created here',
  );
  // After the stateless stack, whose API id and alarm topic it imports: the same holds for the
  // alarms and the dashboard, which the stateless stack held before.
  const monitoring = new MonitoringStack(scope, `${prefix}-monitoring`, {
    ...common,
    stackName: `${prefix}-monitoring`,
    description: `Redress ${config.stage}: alarms and dashboard over the API, the functions and the queues`,
    config,
    stateful,
    api: stateless.api,
    httpFunctions: stateless.httpFunctions,
    workers,
    alarmTopic: stateless.alarmTopic,
  });
  const analytics = new AnalyticsStack(scope, `${prefix}-analytics`, {
    ...common,
    stackName: `${prefix}-analytics`,
    description: `Redress ${config.stage}: analytics archive pipe (bus rule, Firehose, transform)`,
    config,
    stateful,
    alarmTopic: stateless.alarmTopic,
  });
  const consolePage = new ConsolePageStack(scope, `${prefix}-console-page`, {
    ...common,
    stackName: `${prefix}-console-page`,
    description: `Redress ${config.stage}: web console page and config.json (names the API)`,
    config,
    webConsole: consoleStack.webConsole,
    api: stateless.api,
  });
  for (const stack of [stateful, consoleStack, stateless, workers, monitoring, consolePage, analytics]) {
    Tags.of(stack).add('project', 'redress');
    Tags.of(stack).add('stage', config.stage);
  }
  return { stateful, stateless, workers, monitoring, analytics, console: consoleStack, consolePage };
}
