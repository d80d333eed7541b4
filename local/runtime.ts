import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queueConsumers, schedules, streamAggregator, streamRouter } from '../functions/events/workers.js';
import { systemClock } from '../functions/shared/clock.js';
import { observabilityVariables } from '../functions/shared/config.js';
import { getDynamoDbClient } from '../functions/shared/dynamodb-client.js';
import { type QueueName, queueUrlEnvName } from '../functions/shared/queue-catalog.js';
import { DynamoDbStaffRepository } from '../functions/staff/adapters/staff-repository.dynamodb.js';
import { makeSeedDesk } from '../functions/staff/use-cases/seed-desk.js';
import { startApiServer } from './api-server.js';
import { LocalIssuer } from './auth.js';
import { type RunningProcess, startDynamoDbLocal } from './dynamodb-local.js';
import {
  closeServer,
  type EventBusLocal,
  startEventBusLocal,
  startSesLocal,
  startSqsLocal,
} from './emulators.js';
import { type LocalValues, localEnvironment, missingInputs } from './environment.js';
import { LocalEventArchive } from './event-archive.js';
import { lambdaContext, loadHandler } from './lambda.js';
import { PartnerSimulators } from './partners.js';
import { type Poller, pollQueue, pollStream, QueueFaults } from './pollers.js';
import { assertPortFree, freePort } from './ports.js';
import { ensureQueues, ensureTable, type ProvisionedQueue } from './provision.js';
import { guardTable, type TableUseRecord } from './table-guard.js';
import { RouteThrottles } from './throttle.js';

export interface RuntimeOptions {
  /** API port; 0 picks a free one. */
  readonly port?: number;
  /** Folder for DynamoDB data and local secrets; undefined keeps everything in memory. */
  readonly dataDir?: string | undefined;
  /** Wipe the data folder first. */
  readonly fresh?: boolean;
  /** Period of the schedule timer (SLA sweeps), seconds. */
  readonly sweepSeconds?: number;
  readonly log?: (message: string) => void;
  /** Queue visibility timeout; short locally so that retries come back quickly. Default 5 s. */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * How long the refund worker waits for the payment gateway (`refundsConfig`);
   * default: the variable if set, else the adapter's 5 s. Tests of a lost answer set ~1 s.
   */
  readonly paymentGatewayTimeoutMs?: number;
  /** How long an automated step may take before the watchdog re-drives it (`ticketsConfig`). */
  readonly watchdogSeconds?: number;
  /** Days an ended ticket keeps its personal data (`ticketsConfig`); tests set a fraction of a day. */
  readonly retentionDays?: number;
  /** Minutes after resolution at which the survey email goes out (`ticketsConfig`); tests set seconds. */
  readonly surveyDelayMinutes?: number;
  /** Tickets a customer may open in one clock hour (`ticketCreationConfig`). */
  readonly maxTicketsPerHour?: number;
  /**
   * Folder of the analytics archive (`day=YYYY-MM-DD/events.jsonl`); default `<dataDir>/events`,
   * none when the data is kept in memory and no folder is given.
   */
  readonly archiveDir?: string;
  /**
   * API Gateway's throttles (the stage's default and the per-route limits the stack deploys:
   * lib/config/http.ts), applied by the local API; default on, as on AWS. Off where a test or
   * bench drives the backend harder than a deployed stage would let it.
   */
  readonly routeThrottles?: boolean;
  /** Collects the DynamoDB operations and indexes each function used (local/table-guard.ts). */
  readonly tableUse?: TableUseRecord;
}

export interface Runtime {
  readonly apiUrl: string;
  readonly endpoints: { dynamodb: string; sqs: string; ses: string; eventBus: string };
  readonly tableName: string;
  readonly queues: Record<QueueName, ProvisionedQueue>;
  readonly busEvents: EventBusLocal['events'];
  /** The analytics archive's folder, when it has one. */
  readonly archiveDir: string | undefined;
  readonly partners: PartnerSimulators;
  stop(): Promise<void>;
}

const LOCAL_TABLE = 'redress-local';

/**
 * Emulator ports stay the same for the life of the process: handler modules keep their AWS
 * clients (as they do across warm Lambda invocations), so a runtime restarted in the same
 * process must come back on the same endpoints.
 */
const emulatorPorts = new Map<string, number>();
async function emulatorPort(name: string): Promise<number> {
  let port = emulatorPorts.get(name);
  if (port === undefined) {
    port = await freePort();
    emulatorPorts.set(name, port);
  }
  return port;
}
const QUEUE_PREFIX = 'redress-local';

/**
 * Starts the whole system on this machine: emulators, tables and queues from the shared
 * definitions, the API, the stream and queue pollers and the schedule timer. The handlers
 * are the very modules Lambda runs; only their environment differs.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? (() => undefined);
  const started: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) {
      await stop().catch((error: Error) => log(`stop: ${error.message}`));
    }
    started.length = 0;
  };
  try {
    await assertPortFree(options.port ?? 0);
    if (options.dataDir && options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

    const archiveDir = options.archiveDir ?? (options.dataDir ? join(options.dataDir, 'events') : undefined);
    const archive = archiveDir ? new LocalEventArchive(archiveDir) : undefined;

    log('Starting DynamoDB Local (Java)…');
    const dynamo: RunningProcess = await startDynamoDbLocal({
      port: await emulatorPort('dynamodb'),
      dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined,
    });
    started.push(() => dynamo.stop());
    const [sqs, ses, bus] = await Promise.all([
      emulatorPort('sqs').then(startSqsLocal),
      emulatorPort('ses').then(startSesLocal),
      emulatorPort('eventbridge').then((port) =>
        startEventBusLocal(port, archive ? (details) => archive.append(details) : undefined),
      ),
    ]);
    started.push(
      () => sqs.stop(),
      () => ses.stop(),
      () => bus.stop(),
    );
    log(
      `Emulators up: DynamoDB ${dynamo.endpoint}, SQS ${sqs.endpoint}, SES ${ses.endpoint}, EventBridge ${bus.endpoint}`,
    );

    const region = 'us-east-1';
    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
    });
    // The handlers' own variables, from the manifests (the partners' follow once the API listens).
    const localValues: LocalValues = {
      tableName: LOCAL_TABLE,
      eventBusName: 'redress-local-events',
      logLevel: process.env.LOG_LEVEL ?? process.env[observabilityVariables.logLevel.name] ?? 'WARN',
      surveySecret: localSecret(options.dataDir, 'survey-secret'),
      addressHashSecret: localSecret(options.dataDir, 'address-hash-secret'),
      replyAddressSecret: localSecret(options.dataDir, 'reply-address-secret'),
      paymentGatewayTimeoutMs: options.paymentGatewayTimeoutMs,
      watchdogSeconds: options.watchdogSeconds,
      maxTicketsPerHour: options.maxTicketsPerHour,
      retentionDays: options.retentionDays,
      surveyDelayMinutes: options.surveyDelayMinutes,
    };
    Object.assign(process.env, localEnvironment(localValues));
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
    const sqsClient = new SQSClient({
      endpoint: sqs.endpoint,
      region,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const streamsClient = new DynamoDBStreamsClient({ endpoint: dynamo.endpoint, region, credentials });
    started.push(async () => {
      dynamoClient.destroy();
      sqsClient.destroy();
      streamsClient.destroy();
    });

    // Every request of the handlers' DynamoDB client is held to its function's manifest, as IAM
    // holds it on AWS: an undeclared operation, index or partition fails here first.
    guardTable(getDynamoDbClient(), options.tableUse);

    const { streamArn } = await ensureTable(dynamoClient, LOCAL_TABLE);
    // The demo desk (teams, agents, supervisor, admin), written through the staff repository;
    // records an admin has edited since are left alone.
    await makeSeedDesk({
      staff: new DynamoDbStaffRepository(DynamoDBDocumentClient.from(dynamoClient), LOCAL_TABLE),
      clock: systemClock,
    })();
    const queues = await ensureQueues(sqsClient, QUEUE_PREFIX, options.visibilityTimeoutSeconds ?? 5);
    for (const [name, queue] of Object.entries(queues))
      process.env[queueUrlEnvName(name as QueueName)] = queue.url;
    log(`Table ${LOCAL_TABLE} and ${Object.keys(queues).length} queues (each with a DLQ) ready`);

    const issuer = new LocalIssuer(localSecret(options.dataDir));

    // fauxqs keeps its queues in memory: a restart loses every message in them. So the stream
    // checkpoint on disk moves only to a point whose messages have all been consumed: a
    // snapshot of where the router has got to, saved once every queue has been seen empty
    // after it (nothing waiting, nothing in flight). A restart replays the stream from there and
    // the router sends the lost messages again; the consumers are idempotent.
    const checkpointFile = options.dataDir ? join(options.dataDir, 'stream-checkpoints.json') : undefined;
    const checkpoints = readCheckpoints(checkpointFile, streamArn);
    const durable = durableCheckpoints(checkpointFile, streamArn, checkpoints, () =>
      queuesDrained(sqsClient, Object.values(queues)),
    );
    started.push(() => durable.stop());

    const pollers: Poller[] = [];
    const faults = new QueueFaults();
    started.push(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
    });
    pollers.push(
      pollStream({
        client: streamsClient,
        streamArn,
        handler: await loadHandler(streamRouter.handler),
        functionName: streamRouter.name,
        log,
        checkpoints,
        onCheckpoint: () => durable.advanced(),
      }),
    );
    // The report aggregates read the stream on their own, from its start at every start: a
    // change counted already is recognised by its marker (kept for days; the stream keeps 24 h),
    // so a replay adds nothing twice and no checkpoint of theirs needs saving.
    pollers.push(
      pollStream({
        client: streamsClient,
        streamArn,
        handler: await loadHandler(streamAggregator.handler),
        functionName: streamAggregator.name,
        log,
      }),
    );
    for (const consumer of queueConsumers) {
      const queue = queues[consumer.queue];
      const attributes = await sqsClient.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['QueueArn'] }),
      );
      pollers.push(
        pollQueue({
          client: sqsClient,
          queueUrl: queue.url,
          queueArn: attributes.Attributes?.QueueArn ?? '',
          handler: await loadHandler(consumer.handler),
          functionName: consumer.name,
          batchSize: consumer.batchSize,
          log,
          drop: () => faults.take(consumer.queue),
        }),
      );
    }

    const sweepSeconds = options.sweepSeconds ?? 60;
    for (const schedule of schedules) {
      const handler = await loadHandler(schedule.handler);
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        const event = {
          version: '0',
          id: randomBytes(16).toString('hex'),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: '000000000000',
          time: new Date().toISOString(),
          region,
          resources: [`arn:aws:events:${region}:000000000000:rule/${schedule.name}`],
          detail: {},
        };
        handler(event, lambdaContext(schedule.name))
          .catch((error: Error) => log(`${schedule.name} failed: ${error.message}`))
          .finally(() => {
            busy = false;
          });
      }, sweepSeconds * 1000);
      started.push(async () => clearInterval(timer));
    }

    // With a data directory the simulators keep payments, idempotency keys and pickups across
    // restarts, as real partners do (their signing secret too, kept like the other local secrets).
    const partners = new PartnerSimulators(localSecret(options.dataDir, 'partner-secret'), {
      file: options.dataDir ? join(options.dataDir, 'partners.json') : undefined,
    });
    const api = await startApiServer({
      port: options.port ?? 0,
      issuer,
      sesEndpoint: ses.endpoint,
      busEvents: bus.events,
      log,
      partners,
      faults,
      ...(options.routeThrottles === false ? {} : { throttles: new RouteThrottles() }),
    });
    Object.assign(
      process.env,
      localEnvironment({
        ...localValues,
        partners: {
          gatewayUrl: `${api.url}/_local/gateway`,
          carrierUrl: `${api.url}/_local/carrier`,
          secret: partners.secret,
        },
      }),
    );
    const missing = missingInputs();
    if (missing.length > 0) throw new Error(`No local value for ${missing.join(', ')}`);
    const server: Server = api.server;
    started.push(() => closeServer(server));

    return {
      apiUrl: api.url,
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqs.endpoint, ses: ses.endpoint, eventBus: bus.endpoint },
      tableName: LOCAL_TABLE,
      queues,
      busEvents: bus.events,
      archiveDir,
      partners,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A local signing secret (tokens, survey links): kept with the data so that it survives a restart. */
function localSecret(dataDir: string | undefined, name = 'jwt-secret'): string {
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function readCheckpoints(file: string | undefined, streamArn: string): Map<string, string> {
  if (!file || !existsSync(file)) return new Map();
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      streamArn: string;
      shards: Record<string, string>;
    };
    return saved.streamArn === streamArn ? new Map(Object.entries(saved.shards)) : new Map();
  } catch {
    return new Map();
  }
}

/** Whether every queue (not the DLQs) is empty: no message waiting, delayed or in flight. */
async function queuesDrained(client: SQSClient, queues: readonly ProvisionedQueue[]): Promise<boolean> {
  for (const queue of queues) {
    const { Attributes: counts = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    if (Object.values(counts).some((count) => Number(count) > 0)) return false;
  }
  return true;
}

/**
 * Saves the stream checkpoints only at points whose queue messages have all been consumed:
 * after the poller advanced, it snapshots the checkpoints, then asks whether the queues are
 * drained; if so the snapshot is saved (the router sent every message of those records before
 * the checkpoint moved, and they have all left the queues since). Tried every `intervalMs`
 * and once more when stopping.
 */
function durableCheckpoints(
  file: string | undefined,
  streamArn: string,
  checkpoints: Map<string, string>,
  drained: () => Promise<boolean>,
  intervalMs = 250,
): { advanced(): void; stop(): Promise<void> } {
  let pending = false;
  let flushing: Promise<void> | undefined;
  const flush = async () => {
    if (!file || !pending) return;
    pending = false;
    const snapshot = new Map(checkpoints);
    try {
      if (await drained()) writeCheckpoints(file, streamArn, snapshot);
      else pending = true;
    } catch {
      pending = true;
    }
  };
  const tick = () => {
    flushing ??= flush().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  return {
    advanced: () => {
      pending = true;
    },
    stop: async () => {
      clearInterval(timer);
      await flushing;
      await tick();
    },
  };
}

function writeCheckpoints(
  file: string | undefined,
  streamArn: string,
  checkpoints: Map<string, string>,
): void {
  if (!file) return;
  writeFileSync(file, JSON.stringify({ streamArn, shards: Object.fromEntries(checkpoints) }));
}
