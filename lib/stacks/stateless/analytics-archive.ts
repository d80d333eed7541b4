import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../../functions/events/adapters/event-bus.eventbridge.js';
import { archiveTransform } from '../../../functions/events/workers.js';
import type { StageConfig } from '../../config/stage.js';
import { ARCHIVE_PREFIX, ARCHIVE_RAW_TABLE, archiveBucketName } from '../../constructs/analytics-store.js';
import { ServiceFunction } from '../../constructs/service-function.js';
import type { StatefulResources } from '../stateful-stack.js';
import { accessOf, type FunctionAccessGrants } from './function-access.js';
import { type FunctionDefaults, serviceNameOf } from './http-api.js';

/**
 * Firehose buffers this long or this much before it writes a Parquet file per day (dynamic
 * partitioning wants at least 64 MB): fewer, larger files are cheaper to scan.
 */
export const ARCHIVE_BUFFER = { intervalInSeconds: 900, sizeInMBs: 128 } as const;

export interface AnalyticsArchiveProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  readonly grants: FunctionAccessGrants;
  readonly functionDefaults: FunctionDefaults;
}

export interface AnalyticsArchive {
  readonly transform: ServiceFunction;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly rule: events.Rule;
}

/**
 * The analytics archive's pipe (ADR 22): a rule on the public bus hands every Redress event's
 * `detail` to Amazon Data Firehose; Firehose's transform function turns it into its archive row
 * (or drops it), and writes the rows to the archive bucket as Parquet, converted with the Glue
 * table's schema, under `events/day=<the row's day>/`.
 */
export function addAnalyticsArchive(scope: Construct, props: AnalyticsArchiveProps): AnalyticsArchive {
  const { config, stateful, grants, functionDefaults } = props;
  const { analytics } = stateful;
  const prefix = config.resourcePrefix;

  const access = accessOf(archiveTransform);
  const transform = new ServiceFunction(scope, 'ArchiveTransform', {
    ...functionDefaults,
    environment: grants.environmentFor(access),
    entry: archiveTransform.handler,
    functionName: `${prefix}-${archiveTransform.name}`,
    description:
      'Turns each public event Firehose receives into its analytics archive row (ids, codes, amounts, times).',
    serviceName: serviceNameOf(archiveTransform.handler),
    timeout: Duration.seconds(60),
    memorySize: 256,
  });
  grants.grant(transform, access);

  const logGroup = new logs.LogGroup(scope, 'ArchiveDeliveryLogs', {
    logGroupName: `/aws/kinesisfirehose/${prefix}-archive`,
    retention: config.logRetentionDays as logs.RetentionDays,
    removalPolicy: config.removalPolicy,
  });
  const logStream = new logs.LogStream(scope, 'ArchiveDeliveryErrors', {
    logGroup,
    logStreamName: 'DestinationDelivery',
    removalPolicy: config.removalPolicy,
  });

  // Firehose's role: write the bucket, read the table's schema, call the transform, log errors.
  const role = new iam.Role(scope, 'ArchiveDeliveryRole', {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
      conditions: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } },
    }),
    description: 'Amazon Data Firehose: the analytics archive delivery stream.',
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: [
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
      ],
      resources: [`arn:${Aws.PARTITION}:s3:::${archiveBucketName(prefix)}`],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
      resources: [`arn:${Aws.PARTITION}:s3:::${archiveBucketName(prefix)}/*`],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resources: [
        `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:catalog`,
        `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:database/${analytics.databaseName}`,
        `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:table/${analytics.databaseName}/${ARCHIVE_RAW_TABLE}`,
      ],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
      resources: [transform.function.functionArn],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:PutLogEvents'],
      resources: [
        `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${logGroup.logGroupName}:log-stream:${logStream.logStreamName}`,
      ],
    }),
  );
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${archiveBucketName(prefix).replace(Aws.ACCOUNT_ID, '<AWS::AccountId>').replace(Aws.REGION, '<AWS::Region>')}/*]`,
    reason:
      'Firehose names each Parquet file it writes (day partition, time, random suffix): it may write any object of the archive bucket, and nothing of any other bucket.',
  });

  const deliveryStream = new firehose.CfnDeliveryStream(scope, 'ArchiveDeliveryStream', {
    deliveryStreamName: `${prefix}-archive`,
    deliveryStreamType: 'DirectPut',
    deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
    extendedS3DestinationConfiguration: {
      bucketArn: `arn:${Aws.PARTITION}:s3:::${archiveBucketName(prefix)}`,
      roleArn: role.roleArn,
      prefix: `${ARCHIVE_PREFIX}day=!{partitionKeyFromLambda:day}/`,
      errorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/',
      bufferingHints: ARCHIVE_BUFFER,
      // Parquet files are compressed inside (Snappy); the stream itself must not compress them.
      compressionFormat: 'UNCOMPRESSED',
      dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
      processingConfiguration: {
        enabled: true,
        processors: [
          {
            type: 'Lambda',
            parameters: [
              { parameterName: 'LambdaArn', parameterValue: transform.function.functionArn },
              { parameterName: 'BufferSizeInMBs', parameterValue: '1' },
              { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
            ],
          },
        ],
      },
      dataFormatConversionConfiguration: {
        enabled: true,
        inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
        outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
        schemaConfiguration: {
          catalogId: Aws.ACCOUNT_ID,
          region: Aws.REGION,
          databaseName: analytics.databaseName,
          tableName: ARCHIVE_RAW_TABLE,
          roleArn: role.roleArn,
          versionId: 'LATEST',
        },
      },
      cloudWatchLoggingOptions: {
        enabled: true,
        logGroupName: logGroup.logGroupName,
        logStreamName: logStream.logStreamName,
      },
    },
  });
  // Firehose checks its role's rights when the stream is created.
  deliveryStream.node.addDependency(role);

  const rule = new events.Rule(scope, 'ArchiveRule', {
    ruleName: `${prefix}-archive`,
    description: 'Every public Redress event to the analytics archive.',
    eventBus: stateful.eventBus,
    eventPattern: { source: [EVENT_SOURCE] },
  });
  // The rule's own role may put records on this stream, nothing else.
  const ruleRole = new iam.Role(scope, 'ArchiveRuleRole', {
    assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
    description: 'EventBridge: the archive rule puts public events on the archive delivery stream.',
  });
  ruleRole.addToPolicy(
    new iam.PolicyStatement({
      actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      resources: [deliveryStream.attrArn],
    }),
  );
  rule.addTarget({
    bind: () => ({
      arn: deliveryStream.attrArn,
      role: ruleRole,
      input: events.RuleTargetInput.fromEventPath('$.detail'),
    }),
  });
  return { transform, deliveryStream, rule };
}
