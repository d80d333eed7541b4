import * as z from 'zod/mini';
import { priorities, ticketTypes } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse, idSchema } from '../../shared/contracts.js';
import { isValidZone, weekdays } from '../domain/calendar.js';

const time = /* @__PURE__ */ builtOnFirstUse(() =>
  z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time() HH:MM between 00:00 and 24:00.')),
);
const interval = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .tuple([time(), time()])
    .check(z.refine(([from, to]) => from < to, { message: 'An interval() must end after it starts.' })),
);
const minutes = /* @__PURE__ */ builtOnFirstUse(() => z.int().check(z.gte(1), z.lte(525_600)));

export const businessCalendarSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    timezone: z.string().check(z.refine(isValidZone, 'An IANA time() zone such as Asia/Shanghai.')),
    weekly: z
      .strictObject(
        Object.fromEntries(
          weekdays.map((day) => [day, z.optional(z.array(interval()).check(z.maxLength(6)))]),
        ) as Record<
          (typeof weekdays)[number],
          z.ZodMiniOptional<z.ZodMiniArray<ReturnType<typeof interval>>>
        >,
      )
      .check(
        z.refine((weekly) => Object.values(weekly).some((intervals) => (intervals?.length ?? 0) > 0), {
          message: 'Give working hours on at least one day.',
        }),
      ),
    holidays: z._default(z.array(z.iso.date()).check(z.maxLength(400)), []),
  }),
);

export const escalationLevelSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    level: z.int().check(z.gte(1), z.lte(10)),
    afterBreachMinutes: z.int().check(z.gte(0), z.lte(525_600)),
    notify: z._default(z.array(z.enum(['assignee', 'supervisors'])), []),
    raisePriority: z._default(z.boolean(), false),
    moveToTeam: z._default(z.nullable(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/))), null),
    alertOperations: z._default(z.boolean(), false),
  }),
);

export const putSlaPolicyRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
      match: z._default(
        z.strictObject({
          types: z.optional(z.array(z.enum(ticketTypes))),
          priorities: z.optional(z.array(z.enum(priorities))),
          tiers: z.optional(z.array(z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,31}$/)))),
        }),
        {},
      ),
      order: z.int().check(z.gte(0), z.lte(1_000_000)),
      calendar: z.union([z.literal('24x7'), businessCalendarSchema()]),
      targets: z.strictObject({
        firstResponseMinutes: minutes(),
        nextResponseMinutes: z.optional(minutes()),
        resolutionMinutes: minutes(),
      }),
      warnAtPercent: z._default(z.int().check(z.gte(1), z.lte(99)), 75),
      escalations: z.optional(z.array(escalationLevelSchema()).check(z.maxLength(5))),
      version: z.optional(z.int().check(z.gte(0))),
    })
    .check(
      z.superRefine((policy, ctx) => {
        policy.escalations?.forEach((level, index) => {
          const previous = policy.escalations?.[index - 1];
          if (level.level !== index + 1) {
            ctx.addIssue({
              code: 'custom',
              path: ['escalations', index, 'level'],
              message: `Expected level ${index + 1}.`,
            });
          }
          if (previous && level.afterBreachMinutes < previous.afterBreachMinutes) {
            ctx.addIssue({
              code: 'custom',
              path: ['escalations', index, 'afterBreachMinutes'],
              message: 'A higher level cannot fire before a lower one.',
            });
          }
        });
      }),
      z.meta({ id: 'PutSlaPolicyRequest' }),
    ),
);
export type PutSlaPolicyRequest = z.output<ReturnType<typeof putSlaPolicyRequestSchema>>;

export const slaPolicySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      match: z.object({
        types: z.optional(z.array(z.string())),
        priorities: z.optional(z.array(z.string())),
        tiers: z.optional(z.array(z.string())),
      }),
      order: z.int(),
      calendar: z.union([
        z.literal('24x7'),
        z.object({
          timezone: z.string(),
          weekly: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
          holidays: z.array(z.string()),
        }),
      ]),
      targets: z.object({
        firstResponseMinutes: z.int(),
        nextResponseMinutes: z.int(),
        resolutionMinutes: z.int(),
      }),
      warnAtPercent: z.int(),
      escalations: z.array(
        z.object({
          level: z.int(),
          afterBreachMinutes: z.int(),
          notify: z.array(z.string()),
          raisePriority: z.boolean(),
          moveToTeam: z.nullable(z.string()),
          alertOperations: z.boolean(),
        }),
      ),
      version: z.int(),
      updatedAt: z.string(),
    })
    .check(z.meta({ id: 'SlaPolicy' })),
);

export const slaPolicyListSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({ items: z.array(slaPolicySchema()) }).check(z.meta({ id: 'SlaPolicyList' })),
);

export const policyIdSchema = /* @__PURE__ */ builtOnFirstUse(() => idSchema);

/** Messages on the sla-timers queue. */
export const timerMessageSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('due'), ticketId: z.string(), dueAt: z.string() }),
    z.object({
      kind: z.literal('policy-changed'),
      policyId: z.string(),
      version: z.int(),
      cursor: z.optional(z.string()),
    }),
  ]),
);
export type TimerMessage = z.output<ReturnType<typeof timerMessageSchema>>;
