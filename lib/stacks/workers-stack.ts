import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import type { EventConsumer } from '../constructs/event-consumer.js';
import type { InboundMailReceiver } from '../constructs/inbound-mail-receiver.js';
import type { QueueConsumer } from '../constructs/queue-consumer.js';
import type { ScheduledFunction } from '../constructs/scheduled-function.js';
import type { ServiceFunction } from '../constructs/service-function.js';
import type { WebConsole } from '../constructs/web-console.js';
import type { StatefulResources } from './stateful-stack.js';
import { FunctionAccessGrants } from './stateless/function-access.js';
import { functionDefaultsOf } from './stateless/http-api.js';
import { addWorkers, type Workers } from './stateless/workers.js';
import { codeStackConfig } from './stateless-stack.js';

export interface WorkersStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The web console: the stage's APP_URL unless the stage sets `appUrl` (the notifier's links). */
  readonly webConsole: WebConsole;
}

/**
 * The functions that no HTTP route calls (stateless/workers.ts): the table-stream router and
 * aggregator, the queue consumers, the schedules, the consumers of AWS service events and the
 * inbound email. A stack of its own so that no code stack nears CloudFormation's 500 resources
 * (ADR 24). The monitoring stack watches these functions by name; composeRedress deploys this
 * stack after the stateless stack, so that a stage deployed before the split loses the workers
 * from the stateless stack before this stack creates them under the same names. Safe to destroy
 * and redeploy: it holds no data (queued work waits in the stateful stack's queues).
 */
export class WorkersStack extends Stack implements Workers {
  readonly tableStreamRouter: ServiceFunction;
  /** Feeds the report aggregates from the table stream. */
  readonly tableStreamAggregator: ServiceFunction;
  /** One per entry of `queueConsumers`, keyed by its name. */
  readonly queueConsumers: Map<string, QueueConsumer>;
  /** One per entry of `schedules`, keyed by its name. */
  readonly scheduledFunctions: Map<string, ScheduledFunction>;
  /** One per entry of `eventConsumers`, keyed by its name. */
  readonly eventConsumers: Map<string, EventConsumer>;
  /** The email channel's receiving function (SES receipt rule → S3 → function), with a reply domain. */
  readonly inboundEmail: InboundMailReceiver | undefined;

  constructor(scope: Construct, id: string, props: WorkersStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { stateful } = props;
    const config = codeStackConfig(props.config, props.webConsole);
    const workers = addWorkers(this, {
      config,
      stateful,
      grants: new FunctionAccessGrants(this, { config, stateful }),
      functionDefaults: functionDefaultsOf(config),
    });
    this.tableStreamRouter = workers.tableStreamRouter;
    this.tableStreamAggregator = workers.tableStreamAggregator;
    this.queueConsumers = workers.queueConsumers;
    this.scheduledFunctions = workers.scheduledFunctions;
    this.eventConsumers = workers.eventConsumers;
    this.inboundEmail = workers.inboundEmail;
  }
}
