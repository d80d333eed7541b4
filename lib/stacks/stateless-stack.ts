import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import type { EventConsumer } from '../constructs/event-consumer.js';
import type { InboundMailReceiver } from '../constructs/inbound-mail-receiver.js';
import type { Monitoring } from '../constructs/monitoring.js';
import type { QueueConsumer } from '../constructs/queue-consumer.js';
import type { ScheduledFunction } from '../constructs/scheduled-function.js';
import type { ServiceFunction } from '../constructs/service-function.js';
import type { WebConsole } from '../constructs/web-console.js';
import type { StatefulResources } from './stateful-stack.js';
import { FunctionAccessGrants } from './stateless/function-access.js';
import { addHttpApi } from './stateless/http-api.js';
import { addMonitoring } from './stateless/monitoring-wiring.js';
import { addWorkers } from './stateless/workers.js';

export {
  ALL_TICKETS_INDEX,
  accessOf,
  DUE_TIMER_INDEX,
  type FunctionAccess,
  secretNameEnvName,
  stageResourceVariables,
  tableAccessOf,
} from './stateless/function-access.js';
export { API_DOCUMENT_HANDLERS, CORS_ALLOWED_HEADERS, serviceNameOf } from './stateless/http-api.js';
export { SLA_SWEEPER_SCHEDULE, SLA_TIMER_QUEUE } from './stateless/monitoring-wiring.js';
export {
  type ConsumerTuning,
  consumerTuning,
  defaultConsumerTuning,
  SES_FEEDBACK_CONSUMER,
  SES_RECEIVING_REGIONS,
  TABLE_STREAM_AGGREGATOR_ENTRY,
  TABLE_STREAM_ROUTER_ENTRY,
} from './stateless/workers.js';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The web console (its own stack): its URL and its sign-in client. */
  readonly webConsole: WebConsole;
}

/**
 * Code and wiring: the HTTP API with its handlers (stateless/http-api.ts), the table-stream
 * router, queue consumers, schedules and AWS event consumers (stateless/workers.ts), and
 * monitoring (stateless/monitoring-wiring.ts). The web console (console-stack.ts) is the
 * stage's APP_URL unless the stage sets `appUrl`, an origin the API's CORS allows, and its
 * sign-in client an audience of the authorizer. Every function's environment and grants come from
 * its manifest (stateless/function-access.ts). Safe to destroy and redeploy: it holds no data.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** One function per distinct route handler, keyed by handler path. */
  readonly httpFunctions: ReadonlyMap<string, ServiceFunction>;
  readonly tableStreamRouter: ServiceFunction;
  /** Feeds the report aggregates from the table stream. */
  readonly tableStreamAggregator: ServiceFunction;
  /** One per entry of `queueConsumers`, keyed by its name. */
  readonly queueConsumers: ReadonlyMap<string, QueueConsumer>;
  /** One per entry of `schedules`, keyed by its name. */
  readonly scheduledFunctions: ReadonlyMap<string, ScheduledFunction>;
  /** One per entry of `eventConsumers`, keyed by its name. */
  readonly eventConsumers: ReadonlyMap<string, EventConsumer>;
  /** The email channel's receiving function (SES receipt rule → S3 → function), with a reply domain. */
  readonly inboundEmail: InboundMailReceiver | undefined;
  readonly monitoring: Monitoring;
  readonly webConsole: WebConsole;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { stateful, webConsole } = props;
    this.webConsole = webConsole;
    const config: StageConfig = {
      ...props.config,
      appUrl: props.config.appUrl ?? webConsole.url,
      corsAllowedOrigins: [...props.config.corsAllowedOrigins, webConsole.url],
    };
    const grants = new FunctionAccessGrants(this, { config, stateful });
    const functionDefaults = {
      logRetentionDays: config.logRetentionDays,
      logLevel: config.logLevel,
      removalPolicy: config.removalPolicy,
    };

    const { api, httpFunctions } = addHttpApi(this, {
      config,
      stateful,
      grants,
      functionDefaults,
      consoleClient: webConsole.signInClient,
    });
    this.api = api;
    this.httpFunctions = httpFunctions;

    const workers = addWorkers(this, { config, stateful, grants, functionDefaults });
    this.tableStreamRouter = workers.tableStreamRouter;
    this.tableStreamAggregator = workers.tableStreamAggregator;
    this.queueConsumers = workers.queueConsumers;
    this.scheduledFunctions = workers.scheduledFunctions;
    this.eventConsumers = workers.eventConsumers;
    this.inboundEmail = workers.inboundEmail;

    this.monitoring = addMonitoring(this, { config, stateful, api, httpFunctions, workers });

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
  }
}
