import * as z from 'zod/mini';

/**
 * The field shapes every context's contracts share: ids in paths and bodies, ISO 8601 instants,
 * BCP 47 locales. Kept apart from any context's own schemas, so that a function builds only the
 * schemas of its own routes.
 */

/**
 * A schema built on its first use and kept. Contracts give their schemas this way, so that loading
 * a context's routes builds none of them: a handler builds its own route's request schemas when it
 * is made (functions/shared/http/handler.ts), the OpenAPI document and tests build what they read.
 * Write each call `/* @__PURE__ *\/ builtOnFirstUse(...)`: esbuild then leaves every schema a
 * function never reads out of its bundle (tests/unit/shared/contracts.test.ts checks both).
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/** An id a client chooses or is given (orders, tickets, staff, teams, macros, policies). */
export const idSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9._:-]+$/, 'Use letters, digits, ".", "_", ":" or "-".'),
  );

/** An ISO 8601 instant with its offset. */
export const isoTimeSchema = z.iso.datetime({ offset: true });

/** A BCP 47 language tag. */
export const localeSchema = z
  .string()
  .check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'A BCP 47 tag such as zh-CN or en.'));
