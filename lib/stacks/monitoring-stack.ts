import { Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import type { Monitoring } from '../constructs/monitoring.js';
import type { ServiceFunction } from '../constructs/service-function.js';
import type { StatefulResources } from './stateful-stack.js';
import { addMonitoring } from './stateless/monitoring-wiring.js';
import type { Workers } from './stateless/workers.js';

export interface MonitoringStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The stateless stack's API and functions. */
  readonly api: HttpApi;
  readonly httpFunctions: ReadonlyMap<string, ServiceFunction>;
  /** The workers stack's functions. */
  readonly workers: Workers;
  /** The stage's alarm topic (the stateless stack's). */
  readonly alarmTopic: sns.ITopic;
}

/**
 * Every alarm of the code stacks and the stage's dashboard (stateless/monitoring-wiring.ts): two
 * alarms per function, so a stack of their own keeps the stateless stack far from
 * CloudFormation's 500 resources (ADR 24). It imports the API's id and the alarm topic, and
 * watches every function by its name; it deploys after the stateless stack, so an existing stage
 * loses the alarms from that stack before this one creates them under the same names. Safe to
 * destroy and redeploy: it holds no data.
 */
export class MonitoringStack extends Stack {
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { config, stateful, api, httpFunctions, workers, alarmTopic } = props;
    this.monitoring = addMonitoring(this, { config, stateful, api, httpFunctions, workers, alarmTopic });
  }
}
