import * as z from 'zod/mini';
import { builtOnFirstUse, idSchema } from '../shared/contracts.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { ticketWrites } from '../shared/manifest.js';
import { staffRoles } from '../shared/principal.js';
import { ticketsConfig } from '../tickets/config.js';
import { ticketViewSchemas } from '../tickets/contracts/ticket-views.js';
import { macrosConfig } from './config.js';
import { macroIdSchema, macroListSchema, macroSchema, putMacroRequestSchema } from './contracts/macro.js';
import { macroVariables } from './domain/macro.js';

const macroId = macroIdSchema().check(z.describe('The macro id.'));
const editors = ['admin', 'supervisor'] as const;
const ticketId = idSchema.check(z.describe('The ticket id.'));

/**
 * The ticket read. Its function is composed here, above the ticket core, because the staff view
 * lists the macros answering the ticket's labels (`suggestedMacros`; the ticket core declares the
 * port, `MacroSuggestions`, and the macros context fills it).
 */
export const getTicket = {
  method: 'GET',
  path: '/v1/tickets/{ticketId}',
  handler: 'functions/macros/handlers/get-ticket.ts',
  summary: 'Read a ticket with its timeline.',
  roles: ['customer', ...staffRoles],
  params: { ticketId },
  responses: { 200: () => ticketViewSchemas().ticketResponse },
  config: [ticketsConfig],
  // The ticket with its timeline, and the desk's macros for a staff reader.
  table: { operations: ['Query'], keys: ['TICKET#*', 'MACROS'] },
} as const satisfies RouteDefinition;

export const listMacros = {
  method: 'GET',
  path: '/v1/macros',
  handler: 'functions/macros/handlers/list-macros.ts',
  summary: "The desk's macros (canned answers), by title.",
  roles: staffRoles,
  responses: { 200: macroListSchema },
  table: { operations: ['Query'], keys: ['MACROS'] },
} as const satisfies RouteDefinition;

export const getMacro = {
  method: 'GET',
  path: '/v1/macros/{macroId}',
  handler: 'functions/macros/handlers/get-macro.ts',
  summary: 'Read one macro.',
  roles: staffRoles,
  params: { macroId },
  responses: { 200: macroSchema },
  table: { operations: ['GetItem'], keys: ['MACROS'] },
} as const satisfies RouteDefinition;

export const putMacro = {
  method: 'PUT',
  path: '/v1/macros/{macroId}',
  handler: 'functions/macros/handlers/put-macro.ts',
  summary:
    'Create or replace a macro. Every body is checked now: an unknown variable or stray braces is 422 MACRO_TEMPLATE_INVALID naming the body.',
  roles: editors,
  params: { macroId },
  body: putMacroRequestSchema,
  responses: { 200: macroSchema },
  // Reads the stored version when none is given, then a version-conditioned put.
  table: { operations: ['GetItem', 'PutItem'], keys: ['MACROS'] },
} as const satisfies RouteDefinition;

export const deleteMacro = {
  method: 'DELETE',
  path: '/v1/macros/{macroId}',
  handler: 'functions/macros/handlers/delete-macro.ts',
  summary: 'Delete a macro (only at `version`, when given).',
  roles: editors,
  params: { macroId },
  query: /* @__PURE__ */ builtOnFirstUse(() =>
    z.strictObject({ version: z.optional(z.coerce.number().check(z.int(), z.gte(1))) }),
  ),
  responses: { 204: null, 409: 'The macro changed since `version` (STALE_VERSION): read it again.' },
  table: { operations: ['DeleteItem'], keys: ['MACROS'] },
} as const satisfies RouteDefinition;

/** Built on first use, like the ticket views it contains. */
export const applyMacro = {
  method: 'POST',
  path: '/v1/tickets/{ticketId}/macros/{macroId}',
  handler: 'functions/macros/handlers/apply-macro.ts',
  summary: `Answer with a macro: its body in the customer's language (variables ${macroVariables.map((name) => `{{${name}}}`).join(', ')}) posted as a public message, and its actions applied, in one write.`,
  roles: staffRoles,
  params: { ticketId, macroId },
  body: /* @__PURE__ */ builtOnFirstUse(() =>
    z
      .strictObject({ version: z.optional(z.int().check(z.gte(1))) })
      .check(z.meta({ id: 'ApplyMacroRequest' })),
  ),
  responses: {
    // Built on first use, like the ticket views it contains.
    200: /* @__PURE__ */ builtOnFirstUse(() =>
      z
        .object({
          ticket: ticketViewSchemas().ticket,
          message: ticketViewSchemas().message,
          /** Variables the ticket had no value for: written as a neutral placeholder. */
          missing: z.array(z.enum(macroVariables)),
        })
        .check(z.meta({ id: 'AppliedMacro' })),
    ),
  },
  headers: [
    {
      name: 'Idempotency-Key',
      description:
        'A retry with the same key sends nothing twice and answers the first message; the key with another macro is 409 IDEMPOTENCY_KEY_REUSED.',
    },
  ],
  config: [ticketsConfig, macrosConfig],
  // The macro, the order and the ticket write (ticket, events, order counters when it resolves).
  table: ticketWrites,
} as const satisfies RouteDefinition;
