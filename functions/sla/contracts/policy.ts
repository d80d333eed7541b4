import * as z from 'zod';
import { priorities, ticketTypes } from '../../kernel/ticket-kinds.js';
import { idSchema } from '../../shared/contracts.js';
import { isValidZone, weekdays } from '../domain/calendar.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time HH:MM between 00:00 and 24:00.');
const interval = z
  .tuple([time, time])
  .refine(([from, to]) => from < to, { message: 'An interval must end after it starts.' });
const minutes = z.int().min(1).max(525_600);

export const businessCalendarSchema = z.strictObject({
  timezone: z.string().refine(isValidZone, 'An IANA time zone such as Asia/Shanghai.'),
  weekly: z
    .strictObject(
      Object.fromEntries(weekdays.map((day) => [day, z.array(interval).max(6).optional()])) as Record<
        (typeof weekdays)[number],
        z.ZodOptional<z.ZodArray<typeof interval>>
      >,
    )
    .refine((weekly) => Object.values(weekly).some((intervals) => (intervals?.length ?? 0) > 0), {
      message: 'Give working hours on at least one day.',
    }),
  holidays: z.array(z.iso.date()).max(400).default([]),
});

export const escalationLevelSchema = z.strictObject({
  level: z.int().min(1).max(10),
  afterBreachMinutes: z.int().min(0).max(525_600),
  notify: z.array(z.enum(['assignee', 'supervisors'])).default([]),
  raisePriority: z.boolean().default(false),
  moveToTeam: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/)
    .nullable()
    .default(null),
  alertOperations: z.boolean().default(false),
});

export const putSlaPolicyRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    match: z
      .strictObject({
        types: z.array(z.enum(ticketTypes)).optional(),
        priorities: z.array(z.enum(priorities)).optional(),
        tiers: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/)).optional(),
      })
      .default({}),
    order: z.int().min(0).max(1_000_000),
    calendar: z.union([z.literal('24x7'), businessCalendarSchema]),
    targets: z.strictObject({
      firstResponseMinutes: minutes,
      nextResponseMinutes: minutes.optional(),
      resolutionMinutes: minutes,
    }),
    warnAtPercent: z.int().min(1).max(99).default(75),
    escalations: z.array(escalationLevelSchema).max(5).optional(),
    version: z.int().min(0).optional(),
  })
  .superRefine((policy, ctx) => {
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
  })
  .meta({ id: 'PutSlaPolicyRequest' });
export type PutSlaPolicyRequest = z.output<typeof putSlaPolicyRequestSchema>;

export const slaPolicySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    match: z.object({
      types: z.array(z.string()).optional(),
      priorities: z.array(z.string()).optional(),
      tiers: z.array(z.string()).optional(),
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
        moveToTeam: z.string().nullable(),
        alertOperations: z.boolean(),
      }),
    ),
    version: z.int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SlaPolicy' });

export const slaPolicyListSchema = z
  .object({ items: z.array(slaPolicySchema) })
  .meta({ id: 'SlaPolicyList' });

export const policyIdSchema = idSchema;

/** Messages on the sla-timers queue. */
export const timerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('due'), ticketId: z.string(), dueAt: z.string() }),
  z.object({
    kind: z.literal('policy-changed'),
    policyId: z.string(),
    version: z.int(),
    cursor: z.string().optional(),
  }),
]);
export type TimerMessage = z.output<typeof timerMessageSchema>;
