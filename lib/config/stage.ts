import { RemovalPolicy } from 'aws-cdk-lib';
import * as z from 'zod/mini';
import { DEFAULT_STAGE_THROTTLE } from './http.js';

/**
 * Stage settings, read from CDK context and validated with zod. A stage is one deployed copy of
 * Redress (dev, staging, prod, a developer's sandbox).
 *
 * Where the values come from, later sources winning:
 * 1. `stages.<stage>` in cdk.json context, e.g. `"stages": { "prod": { "alarmEmail": "ops@shop.example" } }`;
 * 2. flat context keys, e.g. `cdk synth -c stage=prod -c alarmEmail=ops@shop.example`.
 * Values given with `-c` arrive as strings: lists may be comma separated or JSON, numbers and
 * booleans are parsed.
 */

/** The retention periods CloudWatch Logs accepts (days). */
export const logRetentionDayValues = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type LogRetentionDays = (typeof logRetentionDayValues)[number];

export const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof logLevels)[number];

/** The context keys that hold stage settings, besides `stage` itself and the `stages` map. */
export const stageSettingKeys = [
  'alarmEmail',
  'sesFromAddress',
  'sesIdentityDomain',
  'corsAllowedOrigins',
  'logRetentionDays',
  'logLevel',
  'apiThrottleRateLimit',
  'apiThrottleBurstLimit',
  'threatProtection',
  'autoCloseDays',
  'slaBreachAlarmThreshold',
  'paymentGatewayUrl',
  'carrierUrl',
  'appUrl',
  'paymentGatewaySecretName',
  'carrierSecretName',
  'surveySecretName',
  'addressHashSecretName',
  'replyDomain',
  'supportAddress',
  'replyAddressSecretName',
  'consoleDomainPrefix',
] as const;

/** `a,b` or `["a","b"]` (from `-c`) or a real array (from cdk.json). */
function listFromContext(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return value;
    }
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** `true` / `false` as strings (from `-c`) or real booleans (from cdk.json). */
function booleanFromContext(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** Numbers given with `-c` are strings; an empty string stays invalid instead of becoming 0. */
function numberFromContext(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return value;
}

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** A browser origin: scheme and host (and port), no path; `http` only for localhost. */
const originPattern = /^(https:\/\/[a-z0-9.-]+(:\d{1,5})?|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?)$/i;

/** An https URL without credentials, query or fragment (paths are appended to it). */
function httpsUrl(setting: string, options: { allowLocalHttp?: boolean } = {}) {
  const example = setting === 'appUrl' ? 'https://shop.example' : 'https://payments.shop.example/v1';
  return z.string().check(
    z.refine(
      (value) => {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          return false;
        }
        const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
        const schemeOk =
          url.protocol === 'https:' || (options.allowLocalHttp === true && url.protocol === 'http:' && local);
        return schemeOk && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
      },
      {
        message: `${setting} must be an https URL such as ${example} (no credentials, query or fragment${options.allowLocalHttp ? '; http only for localhost' : ''})`,
      },
    ),
  );
}

/** Secrets Manager secret names: 1–512 of A-Z a-z 0-9 / _ + = . @ - */
function secretName(setting: string) {
  return z
    .string()
    .check(
      z.regex(
        /^[A-Za-z0-9/_+=.@-]{1,512}$/,
        `${setting} must be a Secrets Manager secret name (letters, digits and / _ + = . @ -), not an ARN`,
      ),
    );
}

export const stageSettingsSchema = z
  .strictObject(
    z.object({
      /** Lower-case name, part of every resource name: `redress-<stage>-...`. */
      stage: z
        .string({ error: 'context "stage" is required, e.g. `cdk synth -c stage=dev`' })
        .check(
          z.regex(
            /^[a-z][a-z0-9-]{0,19}$/,
            'stage must be 1–20 characters: a-z, 0-9 and "-", starting with a letter',
          ),
        ),
      /** Where alarm notifications go (an SNS email subscription). */
      alarmEmail: z.optional(z.email('alarmEmail must be an email address')),
      /** The From address of outgoing email. */
      sesFromAddress: z.optional(z.email('sesFromAddress must be an email address')),
      /** A domain to verify as an SES identity (DKIM records are output for DNS). */
      sesIdentityDomain: z.optional(
        z
          .string()
          .check(
            z.regex(hostnamePattern, 'sesIdentityDomain must be a domain name such as mail.shop.example'),
          ),
      ),
      /** Browser origins allowed by CORS; none means no CORS configuration at all. */
      corsAllowedOrigins: z._default(
        z.pipe(
          z.transform(listFromContext),
          z.array(
            z
              .string()
              .check(
                z.regex(
                  originPattern,
                  'each CORS origin must look like https://shop.example (no path, no "*"; http only for localhost)',
                ),
              ),
          ),
        ),
        [],
      ),
      logRetentionDays: z.optional(
        z.pipe(
          z.transform(numberFromContext),
          z.number().check(
            z.int(),
            z.refine((days) => (logRetentionDayValues as readonly number[]).includes(days), {
              message: `logRetentionDays must be one of ${logRetentionDayValues.join(', ')}`,
            }),
          ),
        ),
      ),
      logLevel: z.optional(z.enum(logLevels)),
      /** Steady-state requests per second across the API's default stage. */
      apiThrottleRateLimit: z._default(
        z.pipe(z.transform(numberFromContext), z.number().check(z.int(), z.positive())),
        DEFAULT_STAGE_THROTTLE.rateLimit,
      ),
      apiThrottleBurstLimit: z._default(
        z.pipe(z.transform(numberFromContext), z.number().check(z.int(), z.positive())),
        DEFAULT_STAGE_THROTTLE.burstLimit,
      ),
      /** Cognito Plus feature plan with threat protection enforced (priced per monthly active user). */
      threatProtection: z._default(z.pipe(z.transform(booleanFromContext), z.boolean()), false),
      /** Days after which a resolved ticket closes by itself (the tickets configuration of the functions). */
      autoCloseDays: z._default(
        z.pipe(z.transform(numberFromContext), z.number().check(z.int(), z.gte(1), z.lte(365))),
        7,
      ),
      /** SLA breaches per 5 minutes above which the breach alarm fires. */
      slaBreachAlarmThreshold: z._default(
        z.pipe(z.transform(numberFromContext), z.number().check(z.int(), z.gte(0))),
        10,
      ),
      /** Base URL of the payment gateway's API; the refund worker POSTs `<url>/refunds` (the refunds configuration). */
      paymentGatewayUrl: z.optional(httpsUrl('paymentGatewayUrl')),
      /** Base URL of the carrier's API; the return worker POSTs `<url>/pickups` (the returns configuration). */
      carrierUrl: z.optional(httpsUrl('carrierUrl')),
      /** Base URL of the frontends, for ticket and survey links in email (the notifier's configuration). */
      appUrl: z.optional(httpsUrl('appUrl', { allowLocalHttp: true })),
      /** Secrets Manager secret with the payment gateway's signing secret; default `redress-<stage>/payment-gateway-secret`. */
      paymentGatewaySecretName: z.optional(secretName('paymentGatewaySecretName')),
      /** Secrets Manager secret with the carrier's signing secret; default `redress-<stage>/carrier-secret`. */
      carrierSecretName: z.optional(secretName('carrierSecretName')),
      /** Secrets Manager secret that signs survey tokens; default `redress-<stage>/survey-secret`. */
      surveySecretName: z.optional(secretName('surveySecretName')),
      /** Secrets Manager secret with the address HMAC key (erased customers' suppressions); default `redress-<stage>/address-hash-secret`. */
      addressHashSecretName: z.optional(secretName('addressHashSecretName')),
      /** Domain SES receives replies for (`reply+<ticketId>.<sig>@<domain>`); the email channel is off without it. */
      replyDomain: z.optional(
        z
          .string()
          .check(z.regex(hostnamePattern, 'replyDomain must be a domain name such as reply.shop.example')),
      ),
      /** The desk's own address: mail to it from a known customer opens an inquiry (needs replyDomain). */
      supportAddress: z.optional(z.email('supportAddress must be an email address')),
      /** Secrets Manager secret that signs reply addresses; default `redress-<stage>/reply-address-secret`. */
      replyAddressSecretName: z.optional(secretName('replyAddressSecretName')),
      /**
       * The console's Cognito Hosted UI domain, `https://<prefix>.auth.<region>.amazoncognito.com`;
       * unique per region across all accounts. Default `redress-<stage>`.
       */
      consoleDomainPrefix: z.optional(
        z.string().check(
          z.regex(
            /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
            'consoleDomainPrefix must be 1–63 characters: a-z, 0-9 and "-", not starting or ending with "-"',
          ),
          z.refine((prefix) => !/aws|amazon|cognito/.test(prefix), {
            message:
              'consoleDomainPrefix may not contain "aws", "amazon" or "cognito" (Cognito refuses them)',
          }),
        ),
      ),
    }).shape,
  )
  .check(
    z.refine((settings) => settings.supportAddress === undefined || settings.replyDomain !== undefined, {
      message: 'supportAddress needs replyDomain: SES receives mail only where the email channel is on',
      path: ['supportAddress'],
    }),
  );

export type StageSettings = z.infer<typeof stageSettingsSchema>;

/** Validated settings plus what follows from them. */
export interface StageConfig {
  readonly stage: string;
  readonly isProduction: boolean;
  /** `redress-<stage>`: the start of every physical resource name. */
  readonly resourcePrefix: string;
  readonly alarmEmail: string | undefined;
  readonly sesFromAddress: string | undefined;
  readonly sesIdentityDomain: string | undefined;
  readonly corsAllowedOrigins: readonly string[];
  readonly logRetentionDays: LogRetentionDays;
  readonly logLevel: LogLevel;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly threatProtection: boolean;
  /** Days after which a resolved ticket closes by itself. */
  readonly autoCloseDays: number;
  /** SLA breaches per 5 minutes above which the breach alarm fires. */
  readonly slaBreachAlarmThreshold: number;
  /** Partner endpoints and the frontend base URL; a worker without its URL fails (synth warns). */
  readonly paymentGatewayUrl: string | undefined;
  readonly carrierUrl: string | undefined;
  /** Set: the links in email use it; unset: the deployed console's URL (the stateless stack). */
  readonly appUrl: string | undefined;
  /** The prefix of the console's Cognito Hosted UI domain. */
  readonly consoleDomainPrefix: string;
  /** The email channel: the domain SES receives replies for, and the support address (ADR 16). */
  readonly replyDomain: string | undefined;
  readonly supportAddress: string | undefined;
  /** Names of the Secrets Manager secrets holding the signing secrets (never the values). */
  readonly secretNames: {
    readonly paymentGateway: string;
    readonly carrier: string;
    readonly survey: string;
    readonly addressHash: string;
    readonly replyAddress: string;
  };
  /** RETAIN in production (data outlives the stack), DESTROY elsewhere. */
  readonly removalPolicy: RemovalPolicy;
  /** On in production: the table and user pool refuse deletion. */
  readonly deletionProtection: boolean;
}

export class StageConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageConfigError';
  }
}

export function parseStageSettings(raw: unknown): StageConfig {
  const result = stageSettingsSchema.safeParse(raw);
  if (!result.success) {
    throw new StageConfigError(`Invalid stage settings in CDK context:\n${z.prettifyError(result.error)}`);
  }
  const settings = result.data;
  if (settings.apiThrottleBurstLimit < settings.apiThrottleRateLimit) {
    throw new StageConfigError(
      'Invalid stage settings in CDK context:\n✖ apiThrottleBurstLimit must be at least apiThrottleRateLimit',
    );
  }
  const isProduction = settings.stage === 'prod';
  return {
    stage: settings.stage,
    isProduction,
    resourcePrefix: `redress-${settings.stage}`,
    alarmEmail: settings.alarmEmail,
    sesFromAddress: settings.sesFromAddress,
    sesIdentityDomain: settings.sesIdentityDomain,
    corsAllowedOrigins: settings.corsAllowedOrigins,
    logRetentionDays: (settings.logRetentionDays ?? (isProduction ? 365 : 30)) as LogRetentionDays,
    logLevel: settings.logLevel ?? (isProduction ? 'INFO' : 'DEBUG'),
    apiThrottle: { rateLimit: settings.apiThrottleRateLimit, burstLimit: settings.apiThrottleBurstLimit },
    threatProtection: settings.threatProtection,
    autoCloseDays: settings.autoCloseDays,
    slaBreachAlarmThreshold: settings.slaBreachAlarmThreshold,
    paymentGatewayUrl: settings.paymentGatewayUrl,
    carrierUrl: settings.carrierUrl,
    appUrl: settings.appUrl,
    consoleDomainPrefix: settings.consoleDomainPrefix ?? `redress-${settings.stage}`,
    replyDomain: settings.replyDomain?.toLowerCase(),
    supportAddress: settings.supportAddress?.toLowerCase(),
    secretNames: {
      paymentGateway: settings.paymentGatewaySecretName ?? `redress-${settings.stage}/payment-gateway-secret`,
      carrier: settings.carrierSecretName ?? `redress-${settings.stage}/carrier-secret`,
      survey: settings.surveySecretName ?? `redress-${settings.stage}/survey-secret`,
      addressHash: settings.addressHashSecretName ?? `redress-${settings.stage}/address-hash-secret`,
      replyAddress: settings.replyAddressSecretName ?? `redress-${settings.stage}/reply-address-secret`,
    },
    removalPolicy: isProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: isProduction,
  };
}

/** Anything with CDK's `tryGetContext`, such as `app.node`. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/** Collects `stage`, `stages.<stage>` and the flat setting keys from context, then validates them. */
export function stageConfigFromContext(context: ContextSource): StageConfig {
  const stage = context.tryGetContext('stage');
  const stages = context.tryGetContext('stages');
  if (stages !== undefined && (typeof stages !== 'object' || stages === null || Array.isArray(stages))) {
    throw new StageConfigError(
      'Invalid stage settings in CDK context:\n✖ "stages" must be an object keyed by stage',
    );
  }
  const perStage =
    typeof stage === 'string' && stages ? (stages as Record<string, unknown>)[stage] : undefined;
  if (
    perStage !== undefined &&
    (typeof perStage !== 'object' || perStage === null || Array.isArray(perStage))
  ) {
    throw new StageConfigError(
      `Invalid stage settings in CDK context:\n✖ "stages.${String(stage)}" must be an object`,
    );
  }
  const flat: Record<string, unknown> = {};
  for (const key of stageSettingKeys) {
    const value = context.tryGetContext(key);
    if (value !== undefined) flat[key] = value;
  }
  return parseStageSettings({ ...(perStage as Record<string, unknown> | undefined), ...flat, stage });
}
