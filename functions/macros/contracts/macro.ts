import * as z from 'zod/mini';
import { labelIdSchema } from '../../classification/contracts/classification.js';
import { priorities } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse } from '../../shared/contracts.js';
import { tagSchema } from '../../tickets/contracts/ticket.js';
import { macroActionTypes } from '../domain/macro.js';

export const macroIdSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Lower-case letters, digits and dashes, at most 64.'),
    ),
);

const bodyText = /* @__PURE__ */ builtOnFirstUse(() =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)),
);

const macroActionSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('request_info') }),
    z.strictObject({ action: z.literal('resolve') }),
    z.strictObject({ action: z.literal('set_priority'), priority: z.enum(priorities) }),
    z.strictObject({ action: z.literal('add_tag'), tag: tagSchema() }),
    z.strictObject({ action: z.literal('remove_tag'), tag: tagSchema() }),
  ]),
);

export const putMacroRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      /** Plain text per language; `{{customer.name}}`, `{{order.id}}`, `{{ticket.number}}`, `{{refund.amount}}`, `{{sla.resolution.dueAt}}`. */
      body: z.strictObject({ en: bodyText(), 'zh-CN': bodyText() }),
      actions: z._default(z.array(macroActionSchema()).check(z.maxLength(10)), []),
      labels: z._default(z.array(labelIdSchema).check(z.maxLength(20)), []),
      /** The version read; a stale one is 409 STALE_VERSION. Left out: create, or replace the current one. */
      version: z.optional(z.int().check(z.gte(0))),
    })
    .check(
      z.superRefine((macro, ctx) => {
        const once = new Set<string>();
        const tags = new Set<string>();
        macro.actions.forEach((entry, index) => {
          if (entry.action === 'add_tag' || entry.action === 'remove_tag') {
            // A tag is added or removed once: both in one macro would undo each other.
            if (tags.has(entry.tag))
              ctx.addIssue({ code: 'custom', path: ['actions', index, 'tag'], message: 'Tag listed twice.' });
            tags.add(entry.tag);
            return;
          }
          if (once.has(entry.action))
            ctx.addIssue({
              code: 'custom',
              path: ['actions', index, 'action'],
              message: 'At most once per macro.',
            });
          once.add(entry.action);
        });
        if (once.has('request_info') && once.has('resolve'))
          ctx.addIssue({
            code: 'custom',
            path: ['actions'],
            message: 'A macro either asks the customer for information or resolves, not both.',
          });
        if (new Set(macro.labels).size !== macro.labels.length)
          ctx.addIssue({ code: 'custom', path: ['labels'], message: 'Labels are unique.' });
      }),
      z.meta({ id: 'PutMacroRequest' }),
    ),
);
export type PutMacroRequest = z.output<ReturnType<typeof putMacroRequestSchema>>;

export const macroSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      id: z.string(),
      title: z.string(),
      body: z.object({ en: z.string(), 'zh-CN': z.string() }),
      actions: z.array(
        z.object({
          action: z.enum(macroActionTypes),
          priority: z.optional(z.enum(priorities)),
          tag: z.optional(z.string()),
        }),
      ),
      labels: z.array(z.string()),
      version: z.int(),
      updatedAt: z.string(),
    })
    .check(z.meta({ id: 'Macro' })),
);

export const macroListSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({ items: z.array(macroSchema()) }).check(z.meta({ id: 'MacroList' })),
);
