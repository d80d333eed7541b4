import * as z from 'zod/mini';
import { reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse } from '../../shared/contracts.js';
import { normalizeText, termProblem } from '../domain/classifier.js';
import { labelIdSchema } from './classification.js';

const termSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    term: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
    weight: z.number().check(z.gte(0.01), z.lte(100)),
    reason: z.optional(z.enum(reasons)),
    type: z.optional(z.enum(ticketTypes)),
  }),
);

const labelRuleSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    label: labelIdSchema,
    threshold: z.number().check(z.gte(0.01), z.lte(1000)),
    suggestsType: z._default(z.nullable(z.enum(ticketTypes)), null),
    terms: z.array(termSchema()).check(z.minLength(1), z.maxLength(1000)),
  }),
);

/** At most this many terms in all: the config is one item (well under DynamoDB's 400 KB). */
const MAX_TERMS = 4000;

export const putClassifierRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      labels: z.array(labelRuleSchema()).check(z.minLength(1), z.maxLength(50)),
      hints: z._default(z.array(termSchema()).check(z.maxLength(1000)), []),
      /** The version read; a stale one is 409 STALE_VERSION. Left out: the current one. */
      version: z.optional(z.int().check(z.gte(0))),
    })
    .check(
      z.superRefine((config, ctx) => {
        const labels = new Set<string>();
        let total = config.hints.length;
        const checkTerms = (terms: readonly { term: string }[], path: (string | number)[]) => {
          const seen = new Set<string>();
          terms.forEach((entry, index) => {
            const problem = termProblem(entry.term);
            if (problem) ctx.addIssue({ code: 'custom', path: [...path, index, 'term'], message: problem });
            const key = normalizeText(entry.term).trim();
            if (seen.has(key))
              ctx.addIssue({ code: 'custom', path: [...path, index, 'term'], message: 'Listed twice.' });
            seen.add(key);
          });
        };
        config.labels.forEach((rule, index) => {
          if (labels.has(rule.label))
            ctx.addIssue({ code: 'custom', path: ['labels', index, 'label'], message: 'Labels are unique.' });
          labels.add(rule.label);
          total += rule.terms.length;
          checkTerms(rule.terms, ['labels', index, 'terms']);
        });
        checkTerms(config.hints, ['hints']);
        if (total > MAX_TERMS)
          ctx.addIssue({ code: 'custom', path: ['labels'], message: `At most ${MAX_TERMS} terms in all.` });
      }),
      z.meta({ id: 'PutClassifierRequest' }),
    ),
);
export type PutClassifierRequest = z.output<ReturnType<typeof putClassifierRequestSchema>>;

const termView = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({
    term: z.string(),
    weight: z.number(),
    reason: z.optional(z.enum(reasons)),
    type: z.optional(z.enum(ticketTypes)),
  }),
);

export const classifierConfigSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      labels: z.array(
        z.object({
          label: z.string(),
          threshold: z.number(),
          suggestsType: z.optional(z.nullable(z.enum(ticketTypes))),
          terms: z.array(termView()),
        }),
      ),
      hints: z.array(termView()),
      /** 0 while the built-in defaults are in force. */
      version: z.int(),
      updatedAt: z.nullable(z.string()),
    })
    .check(z.meta({ id: 'ClassifierConfig' })),
);
