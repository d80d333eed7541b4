import * as z from 'zod/mini';

/**
 * The field shapes every context's contracts share: ids in paths and bodies, ISO 8601 instants,
 * BCP 47 locales. Kept apart from any context's own schemas, so that a function builds only the
 * schemas of its own routes.
 */

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
