import '../zod-messages.js';
import type * as z from 'zod/mini';
import type { FieldError } from '../errors.js';

/** Turns zod issues into the API's field errors: one entry per offending field, unknown keys included. */
export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...base, key].join('.'), message: 'Unknown field.' });
    } else {
      out.push({ path: base.join('.'), message: issue.message });
    }
  }
  return out;
}
