import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type RouteDefinition, routeList } from '../../functions/api/routes.js';
import { type QueueName, queueUrlEnvName } from '../config/queues.js';
import type { StageConfig } from '../config/stage.js';
import { tableDefinition } from '../config/table.js';
import { Monitoring } from '../constructs/monitoring.js';
import { kebabCase, pascalCase } from '../constructs/naming.js';
import { ServiceFunction, type TableAccess } from '../constructs/service-function.js';
import type { StatefulResources } from './stateful-stack.js';

/** The module that carries committed events from the table stream to the queues and the bus. */
export const TABLE_STREAM_ROUTER_ENTRY = 'functions/events/handlers/on-table-change.ts';

/** Request headers the browser may send cross-origin. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'] as const;

/** How long a workflow message may wait before someone is told; SLA timers must fire within a minute. */
const defaultMaxMessageAge = Duration.minutes(15);
const maxMessageAge: Partial<Record<QueueName, Duration>> = { 'sla-timers': Duration.minutes(2) };

/**
 * What an HTTP handler may do to the table: public routes (health, OpenAPI, docs) none, reads
 * read, everything else read/write (Powertools idempotency records included).
 */
export function tableAccessFor(route: Pick<RouteDefinition, 'method' | 'roles'>): TableAccess {
  if (route.roles === 'public') return 'none';
  return route.method === 'GET' ? 'read' : 'readWrite';
}

/** `functions/<context>/handlers/x.ts` → `<context>`: the Powertools service name. */
export function serviceNameOf(entry: string): string {
  return /^functions\/([^/]+)\//.exec(entry)?.[1] ?? 'redress';
}

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
}

/**
 * Code and wiring: the HTTP API with its handlers, the table-stream router and monitoring.
 * Safe to destroy and redeploy: it holds no data.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** One function per distinct route handler, keyed by handler path. */
  readonly httpFunctions: ReadonlyMap<string, ServiceFunction>;
  readonly tableStreamRouter: ServiceFunction;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { config, stateful } = props;
    const prefix = config.resourcePrefix;
    const { table, eventBus, workflowQueues } = stateful;
    const indexNames = tableDefinition.globalSecondaryIndexes.map((index) => index.name);

    const environment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      EVENT_BUS_NAME: eventBus.eventBusName,
    };
    for (const { definition, queue } of workflowQueues) {
      environment[queueUrlEnvName(definition.name)] = queue.queueUrl;
    }
    const functionDefaults = {
      environment,
      logRetentionDays: config.logRetentionDays,
      logLevel: config.logLevel,
      removalPolicy: config.removalPolicy,
    };

    // ---- HTTP API -------------------------------------------------------------------------
    const allowedMethods = [...new Set(routeList.map((route) => route.method))];
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${prefix}-api`,
      description: `Redress HTTP API (${config.stage})`,
      createDefaultStage: false,
      ...(config.corsAllowedOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...config.corsAllowedOrigins],
              allowMethods: [
                ...allowedMethods.map((method) => CorsHttpMethod[method]),
                CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: [...CORS_ALLOWED_HEADERS],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const accessLogGroup = new logs.LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/aws/http-api/${prefix}-api`,
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: config.removalPolicy,
    });
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiThrottle.rateLimit, burstLimit: config.apiThrottle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            principalId: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', stateful.userPool, {
      authorizerName: `${prefix}-cognito`,
      userPoolClients: [stateful.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    const noAuthorizer = new HttpNoneAuthorizer();

    const httpFunctions = new Map<string, ServiceFunction>();
    for (const route of routeList) {
      let fn = httpFunctions.get(route.handler);
      if (!fn) {
        fn = new ServiceFunction(this, pascalCase(route.name), {
          ...functionDefaults,
          entry: route.handler,
          functionName: `${prefix}-${kebabCase(route.name)}`,
          description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
          serviceName: serviceNameOf(route.handler),
        });
        httpFunctions.set(route.handler, fn);
      }
      fn.grantTableAccess(table, tableAccessFor(route), indexNames);

      const isPublic = route.roles === 'public';
      const httpRoutes = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascalCase(route.name)}Integration`, fn.function),
        authorizer: isPublic ? noAuthorizer : authorizer,
      });
      if (isPublic) {
        for (const httpRoute of httpRoutes) {
          Validations.of(httpRoute).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design (routes.ts roles: 'public'): ${route.summary}`,
          });
        }
      }
    }
    this.httpFunctions = httpFunctions;

    // ---- Table stream → queues and bus (the far end of the transactional outbox) ----------
    this.tableStreamRouter = new ServiceFunction(this, 'OnTableChange', {
      ...functionDefaults,
      entry: TABLE_STREAM_ROUTER_ENTRY,
      functionName: `${prefix}-on-table-change`,
      description:
        'Routes committed ticket events from the table stream to the workflow queues and the public bus.',
      serviceName: serviceNameOf(TABLE_STREAM_ROUTER_ENTRY),
      timeout: Duration.seconds(60),
    });
    for (const { queue } of workflowQueues) queue.grantSendMessages(this.tableStreamRouter.function);
    eventBus.grantPutEventsTo(this.tableStreamRouter.function);
    this.tableStreamRouter.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        // One batch at a time per shard keeps a ticket's events in commit order.
        parallelizationFactor: 1,
        onFailure: new SqsDlq(stateful.streamDeadLetterQueue),
      }),
    );

    // ---- Monitoring ------------------------------------------------------------------------
    this.monitoring = new Monitoring(this, 'Monitoring', {
      resourcePrefix: prefix,
      alarmEmail: config.alarmEmail,
      api: this.api,
      functions: [...httpFunctions.values(), this.tableStreamRouter],
      queues: workflowQueues.map(({ definition, queue }) => ({
        name: definition.name,
        queue,
        maxMessageAge: maxMessageAge[definition.name] ?? defaultMaxMessageAge,
      })),
      deadLetterQueues: [
        ...workflowQueues.map(({ definition, deadLetterQueue }) => ({
          name: `${definition.name}-dlq`,
          queue: deadLetterQueue,
        })),
        { name: 'table-stream-dlq', queue: stateful.streamDeadLetterQueue },
      ],
      streamConsumers: [this.tableStreamRouter],
    });

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
  }
}
