import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';

/**
 * Signing secrets (partner HMAC keys, the survey token key) by their variable name (declared
 * with `signingSecret` in the config.ts of the context that owns them):
 * - on AWS the function gets `<NAME>_NAME` (or `<NAME>_ARN`) and the value comes from Secrets
 *   Manager (GetSecretValue), fetched once and cached for {@link SECRET_MAX_AGE_SECONDS};
 * - locally (local/runtime.ts, tests) the plain variable `<NAME>` holds the value itself.
 * A secret never sits in a Lambda environment variable.
 */

/** How long a fetched secret is reused before Secrets Manager is asked again (rotation lag). */
export const SECRET_MAX_AGE_SECONDS = 15 * 60;

let provider: SecretsProvider | undefined;
/** Fetches in flight, so that concurrent first records share one GetSecretValue call. */
const pending = new Map<string, Promise<string>>();

/** The Secrets Manager secret (name or ARN) that `<NAME>_ARN` / `<NAME>_NAME` point at, if any. */
export function secretReference(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const reference = env[`${name}_ARN`] || env[`${name}_NAME`];
  return reference === undefined || reference === '' ? undefined : reference;
}

async function fetchSecret(reference: string): Promise<string> {
  provider ??= new SecretsProvider();
  const value = await provider.get(reference, { maxAge: SECRET_MAX_AGE_SECONDS });
  if (typeof value !== 'string' || value === '') {
    throw new Error(`Secret ${reference} has no SecretString value`);
  }
  return value;
}

/** The secret's value, or undefined when neither a Secrets Manager reference nor the plain variable is set. */
export async function readSecret(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const reference = secretReference(name, env);
  if (!reference) {
    const plain = env[name];
    return plain === undefined || plain === '' ? undefined : plain;
  }
  let fetching = pending.get(reference);
  if (!fetching) {
    fetching = fetchSecret(reference).finally(() => pending.delete(reference));
    pending.set(reference, fetching);
  }
  return fetching;
}

/** Like {@link readSecret}, but a missing secret is a deployment fault. */
export async function requireSecret(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const value = await readSecret(name, env);
  if (value === undefined) {
    throw new Error(`Secret ${name} is not set: set ${name}_NAME (Secrets Manager) or ${name}`);
  }
  return value;
}

/** Forgets cached values and the provider (tests). */
export function resetSecretCache(): void {
  provider?.clearCache();
  provider = undefined;
  pending.clear();
}
