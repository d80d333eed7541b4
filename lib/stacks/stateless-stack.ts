import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import { AlarmTopic } from '../constructs/monitoring.js';
import type { ServiceFunction } from '../constructs/service-function.js';
import type { WebConsole } from '../constructs/web-console.js';
import type { StatefulResources } from './stateful-stack.js';
import { FunctionAccessGrants } from './stateless/function-access.js';
import { addHttpApi, functionDefaultsOf } from './stateless/http-api.js';

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

/**
 * The stage settings both code stacks build with: the web console (console-stack.ts) is the
 * stage's APP_URL unless the stage sets `appUrl`, and an origin the API's CORS allows.
 */
export function codeStackConfig(config: StageConfig, webConsole: WebConsole): StageConfig {
  return {
    ...config,
    appUrl: config.appUrl ?? webConsole.url,
    corsAllowedOrigins: [...config.corsAllowedOrigins, webConsole.url],
  };
}

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The web console (its own stack): its URL and its sign-in client. */
  readonly webConsole: WebConsole;
}

/**
 * The HTTP API with its handlers (stateless/http-api.ts) and the stage's alarm topic; the workers
 * (workers-stack.ts) and the alarms and dashboard (monitoring-stack.ts) are stacks of their own
 * (ADR 24). The web console (console-stack.ts) is an origin the API's CORS allows, and its
 * sign-in client an audience of the authorizer. Every function's environment and grants come from
 * its manifest (stateless/function-access.ts). Safe to destroy and redeploy: it holds no data.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** One function per distinct route handler, keyed by handler path. */
  readonly httpFunctions: ReadonlyMap<string, ServiceFunction>;
  /** Where every alarm of the stage sends ALARM and OK (the monitoring and analytics stacks). */
  readonly alarmTopic: sns.Topic;
  readonly webConsole: WebConsole;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { stateful, webConsole } = props;
    this.webConsole = webConsole;
    const config = codeStackConfig(props.config, webConsole);
    const grants = new FunctionAccessGrants(this, { config, stateful });
    const { api, httpFunctions } = addHttpApi(this, {
      config,
      stateful,
      grants,
      functionDefaults: functionDefaultsOf(config),
      consoleClient: webConsole.signInClient,
    });
    this.api = api;
    this.httpFunctions = httpFunctions;

    // `Monitoring`: the id the topic had inside the monitoring construct, so its logical id stays.
    this.alarmTopic = new AlarmTopic(this, 'Monitoring', {
      resourcePrefix: config.resourcePrefix,
      alarmEmail: config.alarmEmail,
    }).topic;

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }
}
