import './zod-messages.js';
import * as z from 'zod/mini';

/**
 * Configuration from the environment. Every variable a function reads is declared once, in the
 * `config.ts` of the context that reads it (the cross-cutting ones below): its name, its zod
 * schema (with the default where it has one) and what it means. Handlers and adapters read the
 * parsed values; the CDK stacks and the local runtime set the variables by these declarations,
 * so a name is written in exactly one file.
 */
export interface Variable<T = unknown> {
  readonly name: string;
  readonly schema: z.ZodMiniType<T>;
  readonly description: string;
}

/** Declares one environment variable. An empty value counts as unset. */
export function variable<T>(name: string, schema: z.ZodMiniType<T>, description: string): Variable<T> {
  return { name, schema, description };
}

export type Env = Readonly<Record<string, string | undefined>>;

/** One variable's value from `env`; a bad or missing required one is a deployment fault, named. */
export function readVariable<T>(declared: Variable<T>, env: Env = process.env): T {
  const raw = env[declared.name];
  const result = declared.schema.safeParse(raw === '' ? undefined : raw);
  if (!result.success) {
    const problem = result.error.issues.map((issue) => issue.message).join('; ');
    throw new Error(
      raw === undefined || raw === ''
        ? `Environment variable ${declared.name} is not set (${problem})`
        : `Environment variable ${declared.name} is invalid: ${problem} (got ${JSON.stringify(raw)})`,
    );
  }
  return result.data;
}

type Values<V extends Record<string, Variable>> = {
  readonly [K in keyof V]: V[K] extends Variable<infer T> ? T : never;
};

export interface Config<V extends Record<string, Variable> = Record<string, Variable>> {
  readonly variables: V;
  /** Every variable of `env`, checked. */
  parse(env?: Env): Values<V>;
  /** The values of this process's environment, parsed once on first use. */
  get(): Values<V>;
}

/** A context's configuration: its variables, parsed together and once per process. */
export function defineConfig<const V extends Record<string, Variable>>(variables: V): Config<V> {
  let parsed: Values<V> | undefined;
  const parse = (env: Env = process.env) =>
    Object.fromEntries(
      Object.entries(variables).map(([key, declared]) => [key, readVariable(declared, env)]),
    ) as Values<V>;
  return {
    variables,
    parse,
    get: () => {
      parsed ??= parse();
      return parsed;
    },
  };
}

/**
 * A signing secret (a partner's HMAC key, the survey token key), by the name of its variable.
 * On AWS the function gets `<name>_NAME`, the Secrets Manager secret to fetch, never the value;
 * locally the plain variable `<name>` holds the value (functions/shared/secrets.ts).
 */
export interface SigningSecret {
  readonly name: string;
  readonly description: string;
}

export function signingSecret(name: string, description: string): SigningSecret {
  return { name, description };
}

/** A whole number of milliseconds or seconds, from a variable (`'5000'`). */
export const positiveNumber = z.coerce.number().check(z.positive());
export const nonNegativeNumber = z.coerce.number().check(z.gte(0));

/** What every function reads: the table. */
export const sharedConfig = defineConfig({
  tableName: variable(
    'TABLE_NAME',
    z.string().check(z.minLength(1)),
    'The DynamoDB table (set by the stack).',
  ),
});

/** Powertools reads these itself; declared here so that the stack and the local runtime name them once. */
export const observabilityVariables = {
  serviceName: variable(
    'POWERTOOLS_SERVICE_NAME',
    z._default(z.string(), 'redress'),
    'The bounded context: the `service` key of every log line and metric.',
  ),
  metricsNamespace: variable(
    'POWERTOOLS_METRICS_NAMESPACE',
    z._default(z.string(), 'Redress'),
    'CloudWatch namespace of the metrics.',
  ),
  logLevel: variable('POWERTOOLS_LOG_LEVEL', z.optional(z.string()), 'Handler log level.'),
  metricsDisabled: variable(
    'POWERTOOLS_METRICS_DISABLED',
    z.optional(z.string()),
    'Set locally: metrics are not printed.',
  ),
} as const;

/** The HTTP functions' own setting. */
export const httpConfig = defineConfig({
  deadlineMarginMs: variable(
    'HTTP_DEADLINE_MARGIN_MS',
    z._default(nonNegativeNumber, 1000),
    'How long before the function timeout a request gives up with 503 DEADLINE_EXCEEDED.',
  ),
});
