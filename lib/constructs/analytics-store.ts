import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  type ArchiveColumn,
  archiveColumns,
  archiveSqlTypes,
  archiveViewQuery,
} from '../../functions/events/domain/archive-row.js';

/** Under this prefix of the archive bucket Firehose writes `day=YYYY-MM-DD/` partitions. */
export const ARCHIVE_PREFIX = 'events/';
/** The raw table (Parquet, partition projection on `day`) and the view over it. */
export const ARCHIVE_RAW_TABLE = 'events_raw';
export const ARCHIVE_VIEW = 'events';
/** Archive objects move to Infrequent Access after this, and expire after the retention. */
export const ARCHIVE_INFREQUENT_ACCESS_AFTER = Duration.days(90);
/** Four years: the tickets' own retention (RETENTION_DAYS, 1095) plus a year of comparison. */
export const ARCHIVE_RETENTION = Duration.days(1460);
/** Query results are kept a month. */
export const ATHENA_RESULTS_RETENTION = Duration.days(30);
/** A query that would scan more is cancelled by the workgroup. */
export const ATHENA_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;

/** The Glue database of a stage: Glue and Athena names take no hyphens. */
export function analyticsDatabaseName(resourcePrefix: string): string {
  return `${resourcePrefix.replaceAll('-', '_')}_analytics`;
}

/**
 * The archive bucket's name, known to both stacks without an export (like the inbound mail
 * bucket's): Firehose's grant names it, and cdk-nag reads its object wildcard as this name.
 */
export function archiveBucketName(resourcePrefix: string): string {
  return `${resourcePrefix}-archive-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** Athena (Trino) type of a column, as a view's definition names it. */
const prestoType: Readonly<Record<ArchiveColumn['type'], string>> = {
  string: 'varchar',
  int: 'bigint',
  timestamp: 'timestamp(3)',
};

export interface AnalyticsStoreProps {
  readonly resourcePrefix: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Where the analytics archive lives (ADR 22): the bucket Firehose writes Parquet to, the Glue
 * database with the raw table (its columns are the archive row's, `day` its partition, found by
 * partition projection: no crawler) and the `events` view (the same SELECT DISTINCT as the local
 * DuckDB view), and an Athena workgroup whose results go to their own bucket, encrypted, with
 * the configuration enforced.
 */
export class AnalyticsStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly databaseName: string;
  readonly database: glue.CfnDatabase;
  readonly rawTable: glue.CfnTable;
  readonly view: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: AnalyticsStoreProps) {
    super(scope, id);
    const bucketDefaults = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy,
    };
    this.bucket = new s3.Bucket(this, 'Archive', {
      ...bucketDefaults,
      bucketName: archiveBucketName(props.resourcePrefix),
      lifecycleRules: [
        {
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: ARCHIVE_INFREQUENT_ACCESS_AFTER,
            },
          ],
          expiration: ARCHIVE_RETENTION,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    this.resultsBucket = new s3.Bucket(this, 'QueryResults', {
      ...bucketDefaults,
      lifecycleRules: [
        { expiration: ATHENA_RESULTS_RETENTION, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    for (const bucket of [this.bucket, this.resultsBucket]) {
      Validations.of(bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Only Firehose writes the archive and only Athena, for principals granted the workgroup, reads it and writes results; CloudTrail records who ran which query. Access logs would be a second copy of every object key in a bucket of its own.',
      });
    }

    this.databaseName = analyticsDatabaseName(props.resourcePrefix);
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description: 'Redress analytics archive: one row per public event (ids, codes, amounts, times).',
      },
    });

    const location = `s3://${this.bucket.bucketName}/${ARCHIVE_PREFIX}`;
    const dataColumns = archiveColumns.filter((column) => column.name !== 'day');
    this.rawTable = new glue.CfnTable(this, 'RawTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: ARCHIVE_RAW_TABLE,
        description:
          'Archive rows as Firehose wrote them (a redelivered event appears twice; query the view).',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.day.type': 'date',
          'projection.day.format': 'yyyy-MM-dd',
          'projection.day.range': 'NOW-10YEARS,NOW',
          'projection.day.interval': '1',
          'projection.day.interval.unit': 'DAYS',
          'storage.location.template': `${location}day=\${day}/`,
        },
        partitionKeys: [{ name: 'day', type: 'string' }],
        storageDescriptor: {
          columns: dataColumns.map((column) => ({
            name: column.name,
            type: archiveSqlTypes.glue[column.type],
          })),
          location,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
    this.rawTable.addResourceDependency(this.database);

    // An Athena view is a Glue table of type VIRTUAL_VIEW whose text carries the view, base64.
    const definition = {
      originalSql: archiveViewQuery(ARCHIVE_RAW_TABLE),
      catalog: 'awsdatacatalog',
      schema: this.databaseName,
      columns: archiveColumns.map((column) => ({ name: column.name, type: prestoType[column.type] })),
    };
    this.view = new glue.CfnTable(this, 'EventsView', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: ARCHIVE_VIEW,
        description: 'One row per public event: the raw rows, each redelivered copy counted once.',
        tableType: 'VIRTUAL_VIEW',
        parameters: { presto_view: 'true', comment: 'Presto View' },
        viewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(definition)).toString('base64')} */`,
        viewExpandedText: '/* Presto View */',
        storageDescriptor: {
          columns: archiveColumns.map((column) => ({
            name: column.name,
            type: archiveSqlTypes.glue[column.type],
          })),
          serdeInfo: {},
        },
      },
    });
    this.view.addResourceDependency(this.rawTable);
    for (const resource of [this.database, this.rawTable, this.view])
      resource.applyRemovalPolicy(props.removalPolicy);

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${props.resourcePrefix}-analytics`,
      description: 'SQL over the Redress analytics archive (the events view).',
      state: 'ENABLED',
      // Removing a stage that keeps nothing (dev) also removes its saved queries and history.
      recursiveDeleteOption: props.removalPolicy === RemovalPolicy.DESTROY,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: ATHENA_BYTES_SCANNED_CUTOFF,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          expectedBucketOwner: Stack.of(this).account,
        },
      },
    });
    this.workGroup.applyRemovalPolicy(props.removalPolicy);
  }
}
