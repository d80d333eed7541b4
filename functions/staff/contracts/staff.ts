import * as z from 'zod';
import { channels, priorities, reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { idSchema, localeSchema } from '../../shared/contracts.js';
import { businessCalendarSchema } from '../../sla/contracts/policy.js';
import { staffRoles } from '../domain/staff.js';

/** A staff id as in the token's `sub`; `me` names the caller in `/v1/staff/me/...`. */
export const staffIdSchema = idSchema.refine((id) => id !== 'me', '`me` is reserved for the caller.');
export const teamIdSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and dashes, starting with a letter.');

const calendarInputSchema = z.union([z.literal('24x7'), businessCalendarSchema]);
const calendarOutputSchema = z.union([
  z.literal('24x7'),
  z.object({
    timezone: z.string(),
    weekly: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
    holidays: z.array(z.string()),
  }),
]);

/**
 * A list with no value twice; a duplicate is named by its position. The check runs even when
 * other fields (or other items) are bad, so one answer names every bad field.
 */
function distinct<T extends z.ZodType<string>>(item: T) {
  return z.array(item).superRefine(
    (values, ctx) => {
      const seen = new Set<unknown>();
      values.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: 'Listed twice.' });
        seen.add(value);
      });
    },
    { when: (payload) => Array.isArray(payload.value) },
  );
}

export const putStaffRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    email: z.email().max(254),
    locale: localeSchema.default('en'),
    teams: distinct(teamIdSchema).max(20).default([]),
    languages: distinct(localeSchema).min(1).max(10),
    skills: distinct(z.enum(ticketTypes)).max(ticketTypes.length).default([]),
    capacity: z.int().min(0).max(1000),
    available: z.boolean().default(true),
    roles: distinct(z.enum(staffRoles)).min(1).max(staffRoles.length),
    calendar: calendarInputSchema.default('24x7'),
    version: z.int().min(0).optional(),
  })
  .meta({ id: 'PutStaffRequest' });
export type PutStaffRequest = z.output<typeof putStaffRequestSchema>;

export const putAvailabilityRequestSchema = z
  .strictObject({ available: z.boolean() })
  .meta({ id: 'PutAvailabilityRequest' });
export type PutAvailabilityRequest = z.output<typeof putAvailabilityRequestSchema>;

export const putTeamRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    members: distinct(staffIdSchema).max(90).default([]),
    supervisors: distinct(staffIdSchema).max(20).default([]),
    calendar: calendarInputSchema.default('24x7'),
    version: z.int().min(0).optional(),
  })
  .meta({ id: 'PutTeamRequest' });
export type PutTeamRequest = z.output<typeof putTeamRequestSchema>;

export const staffSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    locale: z.string(),
    teams: z.array(z.string()),
    languages: z.array(z.string()),
    skills: z.array(z.string()),
    capacity: z.int(),
    available: z.boolean(),
    roles: z.array(z.string()),
    calendar: calendarOutputSchema,
    /** Open tickets assigned to them now. */
    openTickets: z.int(),
    version: z.int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Staff' });
export const staffListSchema = z.object({ items: z.array(staffSchema) }).meta({ id: 'StaffList' });

export const teamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.array(z.string()),
    supervisors: z.array(z.string()),
    calendar: calendarOutputSchema,
    version: z.int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Team' });
export const teamListSchema = z.object({ items: z.array(teamSchema) }).meta({ id: 'TeamList' });

const labelSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and "_".');
const tierSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A tier name such as standard or vip.');

const routingRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and dashes.'),
    name: z.string().trim().min(1).max(100),
    match: z
      .strictObject({
        types: z.array(z.enum(ticketTypes)).max(ticketTypes.length).optional(),
        reasons: z.array(z.enum(reasons)).max(reasons.length).optional(),
        channels: z.array(z.enum(channels)).max(channels.length).optional(),
        languages: z.array(localeSchema).max(20).optional(),
        tiers: z.array(tierSchema).max(20).optional(),
        minOrderValue: z
          .record(z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code.'), z.int().min(0).max(10_000_000_000_000))
          .optional(),
        labels: z.array(labelSchema).max(20).optional(),
      })
      .default({}),
    team: teamIdSchema.nullable().default(null),
    priority: z.enum(priorities).nullable().default(null),
  })
  .refine((rule) => (rule.team ?? null) !== null || (rule.priority ?? null) !== null, {
    message: 'A rule sets a team, a priority or both.',
    path: ['team'],
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });

export const putRoutingRulesRequestSchema = z
  .strictObject({
    rules: z
      .array(routingRuleSchema)
      .max(50)
      .superRefine(
        (rules, ctx) => {
          const seen = new Set<unknown>();
          rules.forEach((rule, index) => {
            const id = (rule as { id?: unknown } | null)?.id;
            if (typeof id !== 'string') return;
            if (seen.has(id))
              ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'Rule ids are unique.' });
            seen.add(id);
          });
        },
        { when: (payload) => Array.isArray(payload.value) },
      ),
    version: z.int().min(0).optional(),
  })
  .meta({ id: 'PutRoutingRulesRequest' });
export type PutRoutingRulesRequest = z.output<typeof putRoutingRulesRequestSchema>;

export const routingRulesSchema = z
  .object({
    rules: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        match: z.object({
          types: z.array(z.string()).optional(),
          reasons: z.array(z.string()).optional(),
          channels: z.array(z.string()).optional(),
          languages: z.array(z.string()).optional(),
          tiers: z.array(z.string()).optional(),
          minOrderValue: z.record(z.string(), z.int()).optional(),
          labels: z.array(z.string()).optional(),
        }),
        team: z.string().nullable(),
        priority: z.enum(priorities).nullable(),
      }),
    ),
    version: z.int(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'RoutingRules' });
