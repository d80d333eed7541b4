import * as z from 'zod/mini';
import { reasons, ticketTypes } from '../../kernel/ticket-kinds.js';

/**
 * What classifying a ticket yields, apart from the classifier's own configuration
 * (contracts/classifier.ts), so that the contexts that carry it build only these schemas.
 */

export const labelIdSchema = z
  .string()
  .check(
    z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and underscores, starting with a letter.'),
  );

/** What a ticket carries from intake: `GET /v1/tickets/{id}` shows it to staff. */
export const classificationSchema = z
  .object({
    labels: z.array(z.object({ label: z.string(), score: z.number(), terms: z.array(z.string()) })),
    suggestedType: z.nullable(z.enum(ticketTypes)),
    suggestedReason: z.nullable(z.enum(reasons)),
    reasonMismatch: z.optional(
      z.object({ chosen: z.enum(reasons), suggested: z.enum(reasons), terms: z.array(z.string()) }),
    ),
    configVersion: z.int(),
  })
  .check(z.meta({ id: 'Classification' }));
