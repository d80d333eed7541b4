import { routeList } from '../functions/api/routes.js';
import { inboundEmailConfig } from '../functions/email/config.js';
import { eventsConfig } from '../functions/events/config.js';
import {
  archiveTransform,
  eventConsumers,
  inboundEmail,
  queueConsumers,
  schedules,
  streamAggregator,
  streamRouter,
} from '../functions/events/workers.js';
import {
  addressHashSecret,
  notificationsConfig,
  replyAddressSecret,
} from '../functions/notifications/config.js';
import {
  observabilityVariables,
  type SigningSecret,
  sharedConfig,
  type Variable,
} from '../functions/shared/config.js';
import type { FunctionManifest } from '../functions/shared/manifest.js';
import { surveySecret, ticketCreationConfig, ticketsConfig } from '../functions/tickets/config.js';
import { paymentGatewaySecret, refundsConfig } from '../functions/tickets/workflows/refund/config.js';
import { carrierSecret, returnsConfig } from '../functions/tickets/workflows/return/config.js';

/**
 * The environment of the handlers in `npm start`, derived from the same manifests the CDK stack
 * reads: every variable a route or worker declares gets its local value here, or keeps its
 * default. All handlers share one process, so they share one environment.
 */
export interface LocalValues {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly logLevel: string;
  /** The survey signing key, kept with the local data. */
  readonly surveySecret: string;
  /** The address HMAC key, kept with the local data (hashed suppressions must still match after a restart). */
  readonly addressHashSecret: string;
  /** The reply address signing key, kept with the local data (mailed reply addresses stay valid). */
  readonly replyAddressSecret: string;
  /** Known once the API listens: the partner simulators' URLs and their signing secret. */
  readonly partners?: { readonly gatewayUrl: string; readonly carrierUrl: string; readonly secret: string };
  readonly paymentGatewayTimeoutMs?: number | undefined;
  readonly watchdogSeconds?: number | undefined;
  readonly maxTicketsPerHour?: number | undefined;
  readonly retentionDays?: number | undefined;
  readonly surveyDelayMinutes?: number | undefined;
}

/** Locally, replies go to `reply+<ticketId>.<sig>@reply.redress.test` (`.test` is reserved: never a real domain). */
export const LOCAL_REPLY_DOMAIN = 'reply.redress.test';
export const LOCAL_SUPPORT_ADDRESS = `support@${LOCAL_REPLY_DOMAIN}`;

/** Variables (and secrets) a developer may set for `npm start` keep the value given. */
const overridable: ReadonlySet<Variable | SigningSecret> = new Set<Variable | SigningSecret>([
  notificationsConfig.variables.mailFrom,
  notificationsConfig.variables.appUrl,
  surveySecret,
]);

function localValue(declared: Variable | SigningSecret, values: LocalValues): string | undefined {
  switch (declared) {
    case sharedConfig.variables.tableName:
      return values.tableName;
    case eventsConfig.variables.eventBusName:
      return values.eventBusName;
    case notificationsConfig.variables.mailFrom:
      return 'redress@example.com';
    case notificationsConfig.variables.appUrl:
      return 'http://localhost:5173';
    case surveySecret:
      return values.surveySecret;
    case addressHashSecret:
      return values.addressHashSecret;
    case replyAddressSecret:
      return values.replyAddressSecret;
    case notificationsConfig.variables.replyDomain:
      return LOCAL_REPLY_DOMAIN;
    case inboundEmailConfig.variables.supportAddress:
      return LOCAL_SUPPORT_ADDRESS;
    case refundsConfig.variables.paymentGatewayUrl:
      return values.partners?.gatewayUrl;
    case returnsConfig.variables.carrierUrl:
      return values.partners?.carrierUrl;
    case paymentGatewaySecret:
    case carrierSecret:
      return values.partners?.secret;
    case refundsConfig.variables.paymentGatewayTimeoutMs:
      return values.paymentGatewayTimeoutMs === undefined
        ? undefined
        : String(values.paymentGatewayTimeoutMs);
    case ticketsConfig.variables.watchdogSeconds:
      return values.watchdogSeconds === undefined ? undefined : String(values.watchdogSeconds);
    case ticketsConfig.variables.retentionDays:
      return values.retentionDays === undefined ? undefined : String(values.retentionDays);
    case ticketsConfig.variables.surveyDelayMinutes:
      return values.surveyDelayMinutes === undefined ? undefined : String(values.surveyDelayMinutes);
    case ticketCreationConfig.variables.maxTicketsPerHour:
      return values.maxTicketsPerHour === undefined ? undefined : String(values.maxTicketsPerHour);
    default:
      return undefined;
  }
}

/** Every manifest of the stage: the routes and the entries of functions/events/workers.ts. */
export function manifests(): readonly (FunctionManifest & { readonly name: string })[] {
  return [
    ...routeList,
    streamRouter,
    streamAggregator,
    ...queueConsumers,
    ...schedules,
    ...eventConsumers,
    inboundEmail,
    archiveTransform,
  ];
}

/** The variables and secrets the manifests declare, each once, plus the table every function reads. */
export function declaredInputs(): (Variable | SigningSecret)[] {
  const inputs = new Set<Variable | SigningSecret>([sharedConfig.variables.tableName]);
  for (const manifest of manifests()) {
    for (const config of manifest.config ?? [])
      for (const variable of Object.values(config.variables)) inputs.add(variable);
    for (const secret of manifest.secrets ?? []) inputs.add(secret);
  }
  return [...inputs];
}

/**
 * The variables to set for the values known so far (call again once the partners listen).
 * Powertools: one service name, the log level of `npm start`, no metrics printed.
 */
export function localEnvironment(
  values: LocalValues,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {
    [observabilityVariables.serviceName.name]: 'redress',
    [observabilityVariables.logLevel.name]: values.logLevel,
    [observabilityVariables.metricsDisabled.name]: 'true',
  };
  for (const declared of declaredInputs()) {
    const given = env[declared.name];
    if (overridable.has(declared) && given !== undefined && given !== '') {
      out[declared.name] = given;
      continue;
    }
    const value = localValue(declared, values);
    if (value !== undefined) out[declared.name] = value;
  }
  return out;
}

/** Names the declared variables that neither have a value nor a default: the runtime cannot serve them. */
export function missingInputs(env: NodeJS.ProcessEnv = process.env): string[] {
  return declaredInputs()
    .filter((declared) => {
      const value = env[declared.name];
      if (value !== undefined && value !== '') return false;
      return !('schema' in declared) || !declared.schema.safeParse(undefined).success;
    })
    .map((declared) => declared.name);
}
