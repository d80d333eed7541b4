import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../functions/events/adapters/event-bus.eventbridge.js';
import { archiveColumns, archiveViewQuery } from '../../functions/events/domain/archive-row.js';
import { stageConfigFromContext } from '../../lib/config/stage.js';
import {
  ARCHIVE_RAW_TABLE,
  ARCHIVE_VIEW,
  ATHENA_BYTES_SCANNED_CUTOFF,
} from '../../lib/constructs/analytics-store.js';
import { AnalyticsStack } from '../../lib/stacks/analytics-stack.js';
import { StatefulStack } from '../../lib/stacks/stateful-stack.js';
import {
  allPolicyStatements,
  asArray,
  logicalIdOf,
  newApp,
  removeTemporaryAssemblies,
  resourcesOfType,
  unacknowledgedNagFindings,
} from './support.js';

/**
 * The analytics archive (ADR 22) on AWS: the stateful stack's store (buckets, Glue, Athena) and the
 * analytics stack's pipe (bus rule → Firehose with its transform → Parquet), built without the
 * stateless stack (a stand-in holds the alarm topic), so only the transform is bundled.
 */
const app = newApp({ stage: 'dev' });
const config = stageConfigFromContext(app.node);
const stateful = new StatefulStack(app, `${config.resourcePrefix}-stateful`, { config });
const alarms = new Stack(app, 'Alarms');
const alarmTopic = new sns.Topic(alarms, 'AlarmTopic');
const analytics = new AnalyticsStack(app, `${config.resourcePrefix}-analytics`, {
  config,
  stateful,
  alarmTopic,
});
const { archive } = analytics;
const pipeStack = analytics;
const store = Template.fromStack(stateful);
const pipe = Template.fromStack(pipeStack);
afterAll(removeTemporaryAssemblies);

const archiveBucketId = logicalIdOf(stateful.analytics.bucket);
const resultsBucketId = logicalIdOf(stateful.analytics.resultsBucket);

describe('analytics archive: the store (stateful stack)', () => {
  it('keeps the archive in a private, encrypted bucket: Infrequent Access after 90 days, gone after 1,460', () => {
    const bucket = resourcesOfType(store, 'AWS::S3::Bucket')[archiveBucketId];
    expect(bucket?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          expect.objectContaining({
            ExpirationInDays: 1460,
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
          }),
        ],
      },
    });
    const results = resourcesOfType(store, 'AWS::S3::Bucket')[resultsBucketId];
    expect(results?.Properties.LifecycleConfiguration).toEqual({
      Rules: [expect.objectContaining({ ExpirationInDays: 30 })],
    });
  });

  it('refuses plain HTTP on both buckets', () => {
    for (const bucketId of [archiveBucketId, resultsBucketId]) {
      const policy = Object.values(resourcesOfType(store, 'AWS::S3::BucketPolicy')).find(
        (candidate) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
      );
      const statements = (policy?.Properties.PolicyDocument as { Statement: unknown[] } | undefined)
        ?.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('declares the raw table with the archive row’s columns, Parquet, partitioned by day by projection', () => {
    const table = Object.values(resourcesOfType(store, 'AWS::Glue::Table')).find(
      (candidate) => (candidate.Properties.TableInput as { Name: string }).Name === ARCHIVE_RAW_TABLE,
    );
    const input = table?.Properties.TableInput as {
      PartitionKeys: unknown[];
      Parameters: Record<string, unknown>;
      StorageDescriptor: { Columns: { Name: string; Type: string }[]; SerdeInfo: unknown };
    };
    expect(input.StorageDescriptor.Columns).toEqual(
      archiveColumns
        .filter((column) => column.name !== 'day')
        .map((column) => ({
          Name: column.name,
          Type: { string: 'string', int: 'bigint', timestamp: 'timestamp' }[column.type],
        })),
    );
    expect(input.PartitionKeys).toEqual([{ Name: 'day', Type: 'string' }]);
    expect(input.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    });
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy-MM-dd',
    });
    expect(JSON.stringify(input.Parameters['storage.location.template'])).toMatch(
      /\/events\/day=\$\{day\}\//,
    );
  });

  it('declares the view events as the same SELECT DISTINCT the local DuckDB view runs', () => {
    const view = Object.values(resourcesOfType(store, 'AWS::Glue::Table')).find(
      (candidate) => (candidate.Properties.TableInput as { Name: string }).Name === ARCHIVE_VIEW,
    );
    const input = view?.Properties.TableInput as { TableType: string; ViewOriginalText: string };
    const encoded = /^\/\* Presto View: (.+) \*\/$/.exec(input.ViewOriginalText)?.[1] ?? '';
    const definition = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));

    expect(input.TableType).toBe('VIRTUAL_VIEW');
    expect(definition).toMatchObject({
      originalSql: archiveViewQuery(ARCHIVE_RAW_TABLE),
      catalog: 'awsdatacatalog',
      schema: 'redress_dev_analytics',
    });
    expect(definition.columns.map((column: { name: string }) => column.name)).toEqual(
      archiveColumns.map((column) => column.name),
    );
  });

  it('runs queries in a workgroup that enforces encrypted results in their own bucket and caps the scan', () => {
    store.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'redress-dev-analytics',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: ATHENA_BYTES_SCANNED_CUTOFF,
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([{ Ref: resultsBucketId }])],
          }),
        },
      },
    });
  });
});

describe('analytics archive: the pipe (analytics stack)', () => {
  const transformId = logicalIdOf(archive.transform.function);

  it('hands every Redress event on the public bus to Firehose, its detail only', () => {
    const rule = Object.values(resourcesOfType(pipe, 'AWS::Events::Rule'))[0];
    expect(rule?.Properties.EventPattern).toEqual({ source: [EVENT_SOURCE] });
    expect(JSON.stringify(rule?.Properties.EventBusName)).toContain('PublicEventBus');
    const target = (rule?.Properties.Targets as Record<string, unknown>[] | undefined)?.[0];
    expect(target).toMatchObject({
      Arn: { 'Fn::GetAtt': [pipeStack.getLogicalId(archive.deliveryStream), 'Arn'] },
      InputPath: '$.detail',
    });
  });

  it('delivers through the transform to Parquet with the Glue table’s schema, partitioned by the row’s day', () => {
    pipe.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'events/day=!{partitionKeyFromLambda:day}/',
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            {
              Type: 'Lambda',
              Parameters: Match.arrayWith([
                { ParameterName: 'LambdaArn', ParameterValue: { 'Fn::GetAtt': [transformId, 'Arn'] } },
              ]),
            },
          ],
        },
        DataFormatConversionConfiguration: {
          Enabled: true,
          InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
          SchemaConfiguration: Match.objectLike({
            DatabaseName: 'redress_dev_analytics',
            TableName: ARCHIVE_RAW_TABLE,
          }),
        },
      }),
    });
    const stream = Object.values(resourcesOfType(pipe, 'AWS::KinesisFirehose::DeliveryStream'))[0];
    const destination = stream?.Properties.ExtendedS3DestinationConfiguration as
      | { BufferingHints: { SizeInMBs: number } }
      | undefined;
    // Dynamic partitioning refuses a buffer under 64 MB.
    expect(destination?.BufferingHints.SizeInMBs).toBeGreaterThanOrEqual(64);
  });

  it('lets Firehose write the archive bucket, read the table and call the transform, nothing more', () => {
    const roleId = logicalIdOf(
      pipeStack.node.findChild('ArchiveDeliveryRole') as unknown as Parameters<typeof logicalIdOf>[0],
    );
    const actions = allPolicyStatements(pipe)
      .filter(({ owner }) => owner.startsWith('ArchiveDeliveryRoleDefaultPolicy'))
      .flatMap(({ statement }) => asArray(statement.Action));
    expect(roleId).toMatch(/^ArchiveDeliveryRole/);
    expect(new Set(actions)).toEqual(
      new Set([
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:PutObject',
        's3:GetObject',
        'glue:GetTable',
        'glue:GetTableVersion',
        'glue:GetTableVersions',
        'lambda:InvokeFunction',
        'lambda:GetFunctionConfiguration',
        'logs:PutLogEvents',
      ]),
    );
    // The transform itself reads and writes nothing: logs, traces, metrics.
    const transformActions = allPolicyStatements(pipe)
      .filter(({ owner }) => owner.startsWith('ArchiveTransform'))
      .flatMap(({ statement }) => asArray(statement.Action));
    expect(transformActions.filter((action) => !/^(logs|xray):/.test(action))).toEqual([]);
  });

  it('alarms on the transform’s errors and throttles, to the stage’s topic', () => {
    const found = Object.values(resourcesOfType(pipe, 'AWS::CloudWatch::Alarm'));
    expect(found.map((alarm) => alarm.Properties.AlarmName).sort()).toEqual([
      'redress-dev-archive-transform-errors',
      'redress-dev-archive-transform-throttles',
    ]);
    for (const alarm of found) {
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain('AlarmTopic');
      expect(JSON.stringify(alarm.Properties.OKActions)).toContain('AlarmTopic');
    }
  });

  it('has no unacknowledged AwsSolutions findings', () => {
    expect(unacknowledgedNagFindings(stateful)).toEqual([]);
    expect(unacknowledgedNagFindings(pipeStack)).toEqual([]);
  });
});
