import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import type { StatefulResources } from './stateful-stack.js';
import { type AnalyticsArchive, addAnalyticsArchive } from './stateless/analytics-archive.js';
import { FunctionAccessGrants } from './stateless/function-access.js';

export interface AnalyticsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The stage's alarm topic (the stateless stack's monitoring). */
  readonly alarmTopic: sns.ITopic;
}

/**
 * The analytics archive's pipe (ADR 22): the bus rule, Firehose and its transform function, with
 * the transform's alarms on the stage's topic. A stack of its own: the stateless stack is close to
 * CloudFormation's 500 resources, and the pipe holds no data (the archive bucket, Glue and Athena
 * are the stateful stack's), so it can be destroyed and deployed again like the stateless one.
 */
export class AnalyticsStack extends Stack {
  readonly archive: AnalyticsArchive;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AnalyticsStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { config, stateful } = props;
    this.archive = addAnalyticsArchive(this, {
      config,
      stateful,
      grants: new FunctionAccessGrants(this, { config, stateful }),
      functionDefaults: {
        logRetentionDays: config.logRetentionDays,
        logLevel: config.logLevel,
        removalPolicy: config.removalPolicy,
      },
    });
    const action = new SnsAction(props.alarmTopic);
    const fiveMinutes = Duration.minutes(5);
    const fn = this.archive.transform.function;
    const prefix = config.resourcePrefix;
    this.alarms = [
      new cloudwatch.Alarm(this, 'TransformErrors', {
        alarmName: `${prefix}-archive-transform-errors`,
        alarmDescription:
          'The archive transform failed: Firehose retries, then writes the batch under errors/.',
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'TransformThrottles', {
        alarmName: `${prefix}-archive-transform-throttles`,
        alarmDescription: 'The archive transform was throttled (account or reserved concurrency exhausted).',
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
