import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  LogLevel as EsbuildLogLevel,
  NodejsFunction,
  OutputFormat,
  SourceMapMode,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { observabilityVariables } from '../../functions/shared/config.js';
import type { LogLevel, LogRetentionDays } from '../config/stage.js';

/** The repository root: handler paths in functions/api/routes.ts are relative to it. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Metric namespace of every function (matches functions/shared/observability.ts). */
export const METRICS_NAMESPACE = 'Redress';

/**
 * Lambda runs the bundle as ESM (`index.mjs`). Some CommonJS dependencies call `require` for
 * Node built-ins at run time; this banner gives the module a real `require`.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __redressCreateRequire } from 'node:module'; const require = __redressCreateRequire(import.meta.url);";

/**
 * How every function is bundled, in esbuild's own terms: the CDK's bundling below, and the bench
 * and tests that bundle a function as it is deployed. The nodejs22.x runtime ships AWS SDK v3.
 */
export const functionBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
} as const;

const applicationLogLevel: Readonly<Record<LogLevel, lambda.ApplicationLogLevel>> = {
  DEBUG: lambda.ApplicationLogLevel.DEBUG,
  INFO: lambda.ApplicationLogLevel.INFO,
  WARN: lambda.ApplicationLogLevel.WARN,
  ERROR: lambda.ApplicationLogLevel.ERROR,
};

/** DynamoDB item actions a function may be granted on the table itself. */
export type TableItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:ConditionCheckItem';

/**
 * What a function may do with the table: item actions on the table's ARN, and Query on the
 * named indexes' ARNs (an index is read-only: Query is all a function needs there).
 * IAM has no TransactWriteItems / TransactGetItems actions: a transaction is authorised item by
 * item through Put/Update/Delete/ConditionCheckItem and GetItem.
 */
export interface TableAccess {
  readonly items: readonly TableItemAction[];
  readonly queryIndexes: readonly string[];
  /**
   * The partition key values (IAM `StringLike` patterns) the item actions are limited to, through
   * `dynamodb:LeadingKeys`; every partition when left out. Index queries are not limited.
   */
  readonly leadingKeys?: readonly string[];
}

export interface ServiceFunctionProps {
  /** Handler module, relative to the project root (e.g. `functions/api/handlers/get-health.ts`); it exports `handler`. */
  readonly entry: string;
  /** Physical name, also the log group name `/aws/lambda/<functionName>`. */
  readonly functionName: string;
  readonly description: string;
  /** Powertools' service name: the bounded context, e.g. `tickets`. */
  readonly serviceName: string;
  /** The function's variables, from its manifest (lib/stacks/stateless/function-access.ts). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetentionDays: LogRetentionDays;
  readonly logLevel: LogLevel;
  readonly removalPolicy: RemovalPolicy;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
}

/**
 * A Lambda function the Redress way: Node.js 22 on arm64, an ESM bundle built locally by
 * esbuild (minified, with source maps), X-Ray tracing, JSON logs into an explicit log group with
 * retention, and a role that starts with nothing but writing to that log group.
 * Callers grant the rest (table, queues, bus) on `role` / `function`.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly entry: string;
  /** The physical name (a plain string, not a reference): another stack may watch the function by it. */
  readonly functionName: string;
  /** Powertools' service name: the `service` dimension of every metric the function emits. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.functionName = props.functionName;
    this.serviceName = props.serviceName;
    const entryPath = resolve(projectRoot, props.entry);
    if (!existsSync(entryPath)) {
      throw new Error(`ServiceFunction ${this.node.path}: handler module ${props.entry} does not exist`);
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: props.removalPolicy,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: write access to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      entry: entryPath,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: applicationLogLevel[props.logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      awsSdkConnectionReuse: false,
      environment: {
        ...props.environment,
        [observabilityVariables.serviceName.name]: props.serviceName,
        [observabilityVariables.metricsNamespace.name]: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: functionBundle.target,
        mainFields: [...functionBundle.mainFields],
        externalModules: [...functionBundle.external],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        logLevel: EsbuildLogLevel.WARNING,
      },
    });

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is the chosen runtime (docs/architecture.md): the tooling and the local runtime are pinned to it; moving to a newer runtime is a deliberate upgrade.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'xray:PutTraceSegments/PutTelemetryRecords (and dynamodb:ListStreams for stream consumers) support no resource-level permissions; every other statement names its resources.',
      },
    );
  }

  /**
   * Grants item actions on the table's ARN and Query on each named index's ARN: narrower than
   * `table.grantReadWriteData`, which adds `<table>/index/*` and table-level actions.
   */
  grantTableAccess(table: dynamodb.ITable, access: TableAccess): void {
    if (access.items.length > 0) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [...new Set(access.items)],
          resources: [table.tableArn],
          ...(access.leadingKeys
            ? {
                conditions: {
                  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(access.leadingKeys)] },
                },
              }
            : {}),
        }),
      );
    }
    if (access.queryIndexes.length > 0) {
      iam.Grant.addToPrincipal({
        grantee: this.function,
        actions: ['dynamodb:Query'],
        resourceArns: [...new Set(access.queryIndexes)].map((index) => `${table.tableArn}/index/${index}`),
      });
    }
  }
}
