import { Annotations, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
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
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type RouteDefinition, routeList } from '../../functions/api/routes.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from '../config/http.js';
import { type QueueName, queueUrlEnvName } from '../config/queues.js';
import type { StageConfig } from '../config/stage.js';
import { tableDefinition } from '../config/table.js';
import {
  type EventConsumerDefinition,
  eventConsumers,
  queueConsumers,
  schedules,
} from '../config/workers.js';
import { EventConsumer } from '../constructs/event-consumer.js';
import { Monitoring, type SlaMonitoring } from '../constructs/monitoring.js';
import { kebabCase, pascalCase } from '../constructs/naming.js';
import { QueueConsumer } from '../constructs/queue-consumer.js';
import { ScheduledFunction } from '../constructs/scheduled-function.js';
import {
  METRICS_NAMESPACE,
  ServiceFunction,
  type TableAccess,
  tableAccess,
  writesItems,
} from '../constructs/service-function.js';
import type { StatefulResources } from './stateful-stack.js';

/** The module that carries committed events from the table stream to the queues and the bus. */
export const TABLE_STREAM_ROUTER_ENTRY = 'functions/events/handlers/on-table-change.ts';

/** Request headers the browser may send cross-origin. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'] as const;

/** How long a workflow message may wait before someone is told; SLA timers must fire within a minute. */
const defaultMaxMessageAge = Duration.minutes(15);
const maxMessageAge: Partial<Record<QueueName, Duration>> = { 'sla-timers': Duration.minutes(2) };

/** Tuning of a queue's consumer (event source mapping); queues not listed use the defaults. */
export interface ConsumerTuning {
  /** How long Lambda gathers messages before invoking; counts against the visibility timeout. */
  readonly maxBatchingWindow: Duration;
  /** Concurrent invocations the queue may drive; none means the account's limit. */
  readonly maxConcurrency?: number;
}

export const defaultConsumerTuning: ConsumerTuning = { maxBatchingWindow: Duration.seconds(2) };

export const consumerTuning: Partial<Record<QueueName, Partial<ConsumerTuning>>> = {
  // Deadlines fire within a minute: no batching window. A burst (business hours opening) fans out
  // to at most 10 workers, each firing 10 timers per batch.
  'sla-timers': { maxBatchingWindow: Duration.seconds(0), maxConcurrency: 10 },
  // Downstream rate limits: the payment gateway, and SES's sending rate.
  refunds: { maxConcurrency: 5 },
  notifications: { maxConcurrency: 5 },
};

/** The queue the SLA sweeper fills and the timer worker drains; its consumer's metrics feed the SLA alarms. */
export const SLA_TIMER_QUEUE: QueueName = 'sla-timers';
/** The schedule of lib/config/workers.ts that sweeps due timers; its heartbeat is watched. */
export const SLA_SWEEPER_SCHEDULE = 'sla-sweeper';

/** The index each SLA piece reads (the adapters name the same ones). */
export const DUE_TIMER_INDEX = 'GSI4';
export const ALL_TICKETS_INDEX = 'GSI3';

/**
 * Signing secrets, by the variable functions/shared/secrets.ts reads. On AWS a function gets
 * `<NAME>_NAME` (the Secrets Manager secret named in the stage settings) and GetSecretValue on
 * that secret; the value itself never goes into the environment.
 */
export type SigningSecret = 'PAYMENT_GATEWAY_SECRET' | 'CARRIER_SECRET' | 'SURVEY_SECRET';
/** Endpoint variables, from the stage settings. */
export type EndpointVariable = 'PAYMENT_GATEWAY_URL' | 'CARRIER_URL' | 'APP_URL';

/** The variable that names a signing secret's Secrets Manager secret. */
export function secretNameEnvName(secret: SigningSecret): `${SigningSecret}_NAME` {
  return `${secret}_NAME`;
}

function secretNameOf(config: StageConfig, secret: SigningSecret): string {
  switch (secret) {
    case 'PAYMENT_GATEWAY_SECRET':
      return config.secretNames.paymentGateway;
    case 'CARRIER_SECRET':
      return config.secretNames.carrier;
    case 'SURVEY_SECRET':
      return config.secretNames.survey;
  }
}

const endpointSettings: Readonly<Record<EndpointVariable, keyof StageConfig>> = {
  PAYMENT_GATEWAY_URL: 'paymentGatewayUrl',
  CARRIER_URL: 'carrierUrl',
  APP_URL: 'appUrl',
};

/** What a function may touch besides its log group and X-Ray. */
export interface FunctionAccess {
  readonly table: TableAccess;
  /** Queues it sends to (the SQS send actions on each queue's ARN). */
  readonly sendTo: readonly QueueName[];
  /** Sends email through SES from the stage identity and configuration set (MAIL_FROM, SES_CONFIGURATION_SET). */
  readonly sendEmail?: boolean;
  /** Signing secrets it reads (`<NAME>_NAME`, GetSecretValue on exactly that secret). */
  readonly secrets?: readonly SigningSecret[];
  /** Endpoint variables it reads (partner APIs, the frontend base URL). */
  readonly endpoints?: readonly EndpointVariable[];
}

/** HTTP handlers that verify survey tokens (signed by the notifier with SURVEY_SECRET). */
export const SURVEY_TOKEN_VERIFIERS: readonly string[] = ['functions/tickets/handlers/answer-survey.ts'];
for (const handler of SURVEY_TOKEN_VERIFIERS) {
  if (!routeList.some((route) => route.handler === handler)) {
    throw new Error(`SURVEY_TOKEN_VERIFIERS: no route runs ${handler}`);
  }
}

const indexNames: readonly string[] = tableDefinition.globalSecondaryIndexes.map((index) => index.name);
for (const index of [DUE_TIMER_INDEX, ALL_TICKETS_INDEX]) {
  if (!indexNames.includes(index)) throw new Error(`lib/config/table.ts has no index ${index}`);
}

/** Handlers of the API's own documents (health, OpenAPI, docs): they touch no data. */
export const API_DOCUMENT_HANDLERS = 'functions/api/';

/**
 * What an HTTP handler may do to the table: the API's own documents none, reads read, everything
 * else read/write (Powertools idempotency records included: Get/Put/Update/DeleteItem). Whether a
 * route needs a token is a separate matter: a public route may still change data (a survey
 * answered from an emailed link, authenticated by its signed token).
 */
export function tableAccessFor(route: Pick<RouteDefinition, 'method' | 'handler'>): TableAccess {
  if (route.handler.startsWith(API_DOCUMENT_HANDLERS)) return tableAccess.none;
  return route.method === 'GET' ? tableAccess.read(indexNames) : tableAccess.readWrite(indexNames);
}

/** HTTP handlers that ask the payment gateway (the staff's look-up of a refund attempt). */
export const PAYMENT_GATEWAY_READERS: readonly string[] = [
  'functions/tickets/workflows/refund/handlers/get-refund-attempt.ts',
];

/**
 * What an HTTP handler may do: its table access, the survey secret for the survey landing call,
 * and the payment gateway for the look-up of a refund attempt.
 */
export function httpAccessFor(route: Pick<RouteDefinition, 'method' | 'handler'>): FunctionAccess {
  return {
    table: tableAccessFor(route),
    sendTo: [],
    ...(SURVEY_TOKEN_VERIFIERS.includes(route.handler) ? { secrets: ['SURVEY_SECRET'] as const } : {}),
    ...(PAYMENT_GATEWAY_READERS.includes(route.handler)
      ? { secrets: ['PAYMENT_GATEWAY_SECRET'] as const, endpoints: ['PAYMENT_GATEWAY_URL'] as const }
      : {}),
  };
}

/**
 * What the consumer of a queue may do. Workflow workers read and change tickets; the ones whose
 * needs differ are named here. A new entry of `queueConsumers` gets the default without edits.
 */
export function consumerAccessFor(queue: QueueName): FunctionAccess {
  switch (queue) {
    case 'sla-timers':
      // Fires due timers (GetItem, policies by Query, the ticket and its events in one
      // TransactWriteItems) and re-applies changed policies page by page over the all-tickets index,
      // re-enqueuing the rest of the pages.
      return {
        table: {
          items: [
            'dynamodb:GetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:ConditionCheckItem',
          ],
          queryIndexes: [ALL_TICKETS_INDEX],
        },
        sendTo: ['sla-timers'],
      };
    case 'notifications':
      // The notifier records what it sent, keeps digests and suppressions on the table, wakes
      // itself for a digest with a delayed message on its own queue, and sends through SES.
      // It signs survey tokens and links to the frontend.
      return {
        table: tableAccess.readWrite(indexNames),
        sendTo: ['notifications'],
        sendEmail: true,
        secrets: ['SURVEY_SECRET'],
        endpoints: ['APP_URL'],
      };
    case 'refunds':
      // Refunds through the payment gateway's signed API.
      return {
        table: tableAccess.readWrite(indexNames),
        sendTo: [],
        secrets: ['PAYMENT_GATEWAY_SECRET'],
        endpoints: ['PAYMENT_GATEWAY_URL'],
      };
    case 'returns':
      // Books courier pickups through the carrier's signed API.
      return {
        table: tableAccess.readWrite(indexNames),
        sendTo: [],
        secrets: ['CARRIER_SECRET'],
        endpoints: ['CARRIER_URL'],
      };
    default:
      return { table: tableAccess.readWrite(indexNames), sendTo: [] };
  }
}

/** The event consumer of lib/config/workers.ts that records SES bounces and complaints. */
export const SES_FEEDBACK_CONSUMER = 'ses-feedback';

/**
 * What a consumer of AWS service events may do. These are not ticket workflows: a consumer not
 * named here gets nothing beyond its logs and traces.
 */
export function eventConsumerAccessFor(name: string): FunctionAccess {
  switch (name) {
    case SES_FEEDBACK_CONSUMER:
      // Puts `SUPPRESSION#<address>` (DynamoDbSuppressionList.suppress: one PutCommand), nothing else.
      return { table: { items: ['dynamodb:PutItem'], queryIndexes: [] }, sendTo: [] };
    default:
      return { table: tableAccess.none, sendTo: [] };
  }
}

/** What a scheduled function may do; schedules not named here get the workflow worker default. */
export function scheduleAccessFor(name: string): FunctionAccess {
  switch (name) {
    case SLA_SWEEPER_SCHEDULE:
      // Reads only the due entries of the keys-only due-timer index and hands them to the queue.
      return { table: { items: [], queryIndexes: [DUE_TIMER_INDEX] }, sendTo: ['sla-timers'] };
    default:
      return { table: tableAccess.readWrite(indexNames), sendTo: [] };
  }
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
  /** One per entry of `queueConsumers`, keyed by its name. */
  readonly queueConsumers: ReadonlyMap<string, QueueConsumer>;
  /** One per entry of `schedules`, keyed by its name. */
  readonly scheduledFunctions: ReadonlyMap<string, ScheduledFunction>;
  /** One per entry of `eventConsumers`, keyed by its name. */
  readonly eventConsumers: ReadonlyMap<string, EventConsumer>;
  readonly monitoring: Monitoring;
  private readonly config: StageConfig;
  private readonly stateful: StatefulResources;
  private readonly sharedEnvironment: Readonly<Record<string, string>>;
  private readonly importedSecrets = new Map<SigningSecret, secretsmanager.ISecret>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { config, stateful } = props;
    this.config = config;
    this.stateful = stateful;
    const prefix = config.resourcePrefix;
    const { table, eventBus, workflowQueues } = stateful;

    const environment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      EVENT_BUS_NAME: eventBus.eventBusName,
    };
    for (const { definition, queue } of workflowQueues) {
      environment[queueUrlEnvName(definition.name)] = queue.queueUrl;
    }
    this.sharedEnvironment = environment;
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
      const access = httpAccessFor(route);
      let fn = httpFunctions.get(route.handler);
      if (!fn) {
        fn = new ServiceFunction(this, pascalCase(route.name), {
          ...functionDefaults,
          environment: this.environmentFor(access),
          entry: route.handler,
          functionName: `${prefix}-${kebabCase(route.name)}`,
          description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
          serviceName: serviceNameOf(route.handler),
          timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
        });
        httpFunctions.set(route.handler, fn);
      }
      this.grant(fn, access);

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

    // ---- Queue consumers (lib/config/workers.ts) --------------------------------------------
    const consumers = new Map<string, QueueConsumer>();
    for (const definition of queueConsumers) {
      const workflowQueue = workflowQueues.find(
        (candidate) => candidate.definition.name === definition.queue,
      );
      if (!workflowQueue) throw new Error(`Queue consumer ${definition.name}: no queue ${definition.queue}`);
      const access = consumerAccessFor(definition.queue);
      const tuning = { ...defaultConsumerTuning, ...consumerTuning[definition.queue] };
      const consumer = new QueueConsumer(this, pascalCase(definition.name), {
        ...functionDefaults,
        environment: this.environmentFor(access),
        entry: definition.handler,
        functionName: `${prefix}-${definition.name}`,
        description: `Consumes ${definition.queue}: ${workflowQueue.definition.purpose}.`,
        serviceName: serviceNameOf(definition.handler),
        queue: workflowQueue.queue,
        visibilityTimeout: Duration.seconds(workflowQueue.definition.visibilityTimeoutSeconds),
        batchSize: definition.batchSize,
        maxBatchingWindow: tuning.maxBatchingWindow,
        ...(tuning.maxConcurrency === undefined ? {} : { maxConcurrency: tuning.maxConcurrency }),
      });
      this.grant(consumer, access);
      consumers.set(definition.name, consumer);
    }
    this.queueConsumers = consumers;

    // ---- Schedules (lib/config/workers.ts) -------------------------------------------------
    const scheduled = new Map<string, ScheduledFunction>();
    for (const definition of schedules) {
      const access = scheduleAccessFor(definition.name);
      const fn = new ScheduledFunction(this, pascalCase(definition.name), {
        ...functionDefaults,
        environment: this.environmentFor(access),
        entry: definition.handler,
        functionName: `${prefix}-${definition.name}`,
        description: `Runs every ${definition.everySeconds} s: ${definition.handler}`.slice(0, 256),
        serviceName: serviceNameOf(definition.handler),
        every: Duration.seconds(definition.everySeconds),
        ruleName: `${prefix}-${definition.name}`,
        deadLetterQueueName: `${prefix}-${definition.name}-dlq`,
        timeout: Duration.seconds(30),
      });
      this.grant(fn, access);
      scheduled.set(definition.name, fn);
    }
    this.scheduledFunctions = scheduled;

    // ---- AWS service events on the default bus (lib/config/workers.ts) ---------------------
    const eventFunctions = new Map<string, EventConsumer>();
    for (const definition of eventConsumers) {
      const access = eventConsumerAccessFor(definition.name);
      const fn = new EventConsumer(this, pascalCase(definition.name), {
        ...functionDefaults,
        environment: this.environmentFor(access),
        entry: definition.handler,
        functionName: `${prefix}-${definition.name}`,
        description: `Handles ${definition.source} events (${definition.detailTypes.join(', ')}).`.slice(
          0,
          256,
        ),
        serviceName: serviceNameOf(definition.handler),
        eventPattern: this.eventPatternFor(definition),
        ruleName: `${prefix}-${definition.name}`,
        deadLetterQueueName: `${prefix}-${definition.name}-dlq`,
      });
      this.grant(fn, access);
      eventFunctions.set(definition.name, fn);
    }
    this.eventConsumers = eventFunctions;

    // ---- Monitoring ------------------------------------------------------------------------
    this.monitoring = new Monitoring(this, 'Monitoring', {
      resourcePrefix: prefix,
      alarmEmail: config.alarmEmail,
      api: this.api,
      functions: [
        ...httpFunctions.values(),
        this.tableStreamRouter,
        ...consumers.values(),
        ...scheduled.values(),
        ...eventFunctions.values(),
      ],
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
        ...[...scheduled].map(([name, fn]) => ({ name: `${name}-dlq`, queue: fn.deadLetterQueue })),
        ...[...eventFunctions].map(([name, fn]) => ({ name: `${name}-dlq`, queue: fn.deadLetterQueue })),
      ],
      streamConsumers: [this.tableStreamRouter],
      sla: this.slaMonitoring(),
    });

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
  }

  /**
   * The rule's pattern, scoped to this stage: SES events of the stage's configuration set only
   * (every stage of an account shares the default bus).
   */
  private eventPatternFor(definition: EventConsumerDefinition): events.EventPattern {
    switch (definition.source) {
      case 'aws.ses':
        return {
          source: ['aws.ses'],
          detailType: [...definition.detailTypes],
          detail: {
            mail: {
              tags: {
                'ses:configuration-set': [this.stateful.emailConfigurationSet.configurationSetName],
              },
            },
          },
        };
    }
  }

  /** The shared variables plus what the function's access calls for. */
  private environmentFor(access: FunctionAccess): Record<string, string> {
    return {
      ...this.sharedEnvironment,
      // Functions that change tickets settle their auto-close deadline.
      ...(writesItems(access.table) ? { AUTO_CLOSE_DAYS: String(this.config.autoCloseDays) } : {}),
      ...(access.sendEmail
        ? {
            SES_CONFIGURATION_SET: this.stateful.emailConfigurationSet.configurationSetName,
            ...(this.config.sesFromAddress ? { MAIL_FROM: this.config.sesFromAddress } : {}),
          }
        : {}),
      ...Object.fromEntries(
        (access.endpoints ?? []).flatMap((variable) => {
          const value = this.config[endpointSettings[variable]];
          return typeof value === 'string' ? [[variable, value]] : [];
        }),
      ),
      ...Object.fromEntries(
        (access.secrets ?? []).map((secret) => [
          secretNameEnvName(secret),
          secretNameOf(this.config, secret),
        ]),
      ),
    };
  }

  /** The stage's secret, imported by name (its ARN ends in a random `-xxxxxx` suffix). */
  private signingSecret(secret: SigningSecret): secretsmanager.ISecret {
    let imported = this.importedSecrets.get(secret);
    if (!imported) {
      imported = secretsmanager.Secret.fromSecretNameV2(
        this,
        pascalCase(secret.toLowerCase()),
        secretNameOf(this.config, secret),
      );
      this.importedSecrets.set(secret, imported);
    }
    return imported;
  }

  private grant(fn: ServiceFunction, access: FunctionAccess): void {
    const { table, workflowQueues, emailConfigurationSet, emailIdentity } = this.stateful;
    fn.grantTableAccess(table, access.table);
    for (const name of access.sendTo) {
      const target = workflowQueues.find((candidate) => candidate.definition.name === name);
      if (!target) throw new Error(`${fn.node.path}: no queue ${name} to send to`);
      target.queue.grantSendMessages(fn.function);
    }
    for (const secret of access.secrets ?? []) {
      // GetSecretValue only (no DescribeSecret); `-??????` is the suffix Secrets Manager appends.
      iam.Grant.addToPrincipal({
        grantee: fn.function,
        actions: ['secretsmanager:GetSecretValue'],
        resourceArns: [`${this.signingSecret(secret).secretArn}-??????`],
      });
    }
    for (const variable of access.endpoints ?? []) {
      if (this.config[endpointSettings[variable]] === undefined) {
        Annotations.of(fn).addWarningV2(
          'redress:no-endpoint',
          `${fn.node.id} reads ${variable} but stage ${this.config.stage} has no ${endpointSettings[variable]}: set it in cdk.json (see README, Deploy).`,
        );
      }
    }
    if (access.sendEmail && !this.config.sesFromAddress) {
      Annotations.of(fn).addWarningV2(
        'redress:no-mail-from',
        `${fn.node.id} sends email but stage ${this.config.stage} has no sesFromAddress: it will fail until one is set (see README, Deploy).`,
      );
    }
    if (access.sendEmail && emailIdentity) {
      iam.Grant.addToPrincipal({
        grantee: fn.function,
        actions: ['ses:SendEmail'],
        resourceArns: [
          emailIdentity.emailIdentityArn,
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: emailConfigurationSet.configurationSetName,
          }),
        ],
      });
    }
  }

  /** SLA alarms watch the metrics of the sla-timers consumer and the sweeper, with their service dimension. */
  private slaMonitoring(): SlaMonitoring | undefined {
    const worker = [...this.queueConsumers.entries()].find(
      ([name]) => queueConsumers.find((definition) => definition.name === name)?.queue === SLA_TIMER_QUEUE,
    )?.[1];
    const sweeper = this.scheduledFunctions.get(SLA_SWEEPER_SCHEDULE);
    const sweepEvery = schedules.find((definition) => definition.name === SLA_SWEEPER_SCHEDULE)?.everySeconds;
    if (!worker || !sweeper || sweepEvery === undefined) return undefined;
    return {
      namespace: METRICS_NAMESPACE,
      // Powertools Metrics adds one default dimension, `service` = POWERTOOLS_SERVICE_NAME.
      workerDimensions: { service: worker.serviceName },
      sweeperDimensions: { service: sweeper.serviceName },
      sweepEvery: Duration.seconds(sweepEvery),
      breachesPerFiveMinutesThreshold: this.config.slaBreachAlarmThreshold,
    };
  }
}
