import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Monitoring } from '../constructs/monitoring.js';
import { addMonitoring, type MonitoringWiringProps } from './stateless/monitoring-wiring.js';

/** The wiring's inputs (stateless/monitoring-wiring.ts): the API and functions it watches, the alarm topic. */
export interface MonitoringStackProps extends StackProps, MonitoringWiringProps {}

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
    this.monitoring = addMonitoring(this, props);
  }
}
