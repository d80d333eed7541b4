import * as z from 'zod/mini';
import { channels, priorities, reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse, idSchema, localeSchema } from '../../shared/contracts.js';
import { businessCalendarSchema } from '../../sla/contracts/policy.js';
import { staffRoles } from '../domain/staff.js';

/** A staff id as in the token's `sub`; `me` names the caller in `/v1/staff/me/...`. */
export const staffIdSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  idSchema.check(z.refine((id) => id !== 'me', '`me` is reserved for the caller.')),
);
export const teamIdSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(40),
      z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and dashes, starting with a letter.'),
    ),
);

const calendarInputSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.union([z.literal('24x7'), businessCalendarSchema()]),
);
const calendarOutputSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.union([
    z.literal('24x7'),
    z.object({
      timezone: z.string(),
      weekly: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
      holidays: z.array(z.string()),
    }),
  ]),
);

/**
 * A list with no value twice; a duplicate is named by its position. The check runs even when
 * other fields (or other items) are bad, so one answer names every bad field.
 */
function distinct<T extends z.ZodMiniType<string>>(item: T) {
  return z.array(item).check(
    z.superRefine(
      (values, ctx) => {
        const seen = new Set<unknown>();
        values.forEach((value, index) => {
          if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: 'Listed twice.' });
          seen.add(value);
        });
      },
      { when: (payload) => Array.isArray(payload.value) },
    ),
  );
}

export const putStaffRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
      email: z.email().check(z.maxLength(254)),
      locale: z._default(localeSchema, 'en'),
      teams: z._default(distinct(teamIdSchema()).check(z.maxLength(20)), []),
      languages: distinct(localeSchema).check(z.minLength(1), z.maxLength(10)),
      skills: z._default(distinct(z.enum(ticketTypes)).check(z.maxLength(ticketTypes.length)), []),
      capacity: z.int().check(z.gte(0), z.lte(1000)),
      available: z._default(z.boolean(), true),
      roles: distinct(z.enum(staffRoles)).check(z.minLength(1), z.maxLength(staffRoles.length)),
      calendar: z._default(calendarInputSchema(), '24x7'),
      version: z.optional(z.int().check(z.gte(0))),
    })
    .check(z.meta({ id: 'PutStaffRequest' })),
);
export type PutStaffRequest = z.output<ReturnType<typeof putStaffRequestSchema>>;

export const putAvailabilityRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({ available: z.boolean() }).check(z.meta({ id: 'PutAvailabilityRequest' })),
);
export type PutAvailabilityRequest = z.output<ReturnType<typeof putAvailabilityRequestSchema>>;

export const putTeamRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
      members: z._default(distinct(staffIdSchema()).check(z.maxLength(90)), []),
      supervisors: z._default(distinct(staffIdSchema()).check(z.maxLength(20)), []),
      calendar: z._default(calendarInputSchema(), '24x7'),
      version: z.optional(z.int().check(z.gte(0))),
    })
    .check(z.meta({ id: 'PutTeamRequest' })),
);
export type PutTeamRequest = z.output<ReturnType<typeof putTeamRequestSchema>>;

export const staffSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
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
      calendar: calendarOutputSchema(),
      /** Open tickets assigned to them now. */
      openTickets: z.int(),
      version: z.int(),
      updatedAt: z.string(),
    })
    .check(z.meta({ id: 'Staff' })),
);
export const staffListSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({ items: z.array(staffSchema()) }).check(z.meta({ id: 'StaffList' })),
);

export const teamSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      members: z.array(z.string()),
      supervisors: z.array(z.string()),
      calendar: calendarOutputSchema(),
      version: z.int(),
      updatedAt: z.string(),
    })
    .check(z.meta({ id: 'Team' })),
);
export const teamListSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({ items: z.array(teamSchema()) }).check(z.meta({ id: 'TeamList' })),
);

const labelSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and "_".')),
);
const tierSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A tier name such as standard or vip.')),
);

const routingRuleSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and dashes.')),
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
      match: z._default(
        z.strictObject({
          types: z.optional(z.array(z.enum(ticketTypes)).check(z.maxLength(ticketTypes.length))),
          reasons: z.optional(z.array(z.enum(reasons)).check(z.maxLength(reasons.length))),
          channels: z.optional(z.array(z.enum(channels)).check(z.maxLength(channels.length))),
          languages: z.optional(z.array(localeSchema).check(z.maxLength(20))),
          tiers: z.optional(z.array(tierSchema()).check(z.maxLength(20))),
          minOrderValue: z.optional(
            z.record(
              z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code.')),
              z.int().check(z.gte(0), z.lte(10_000_000_000_000)),
            ),
          ),
          labels: z.optional(z.array(labelSchema()).check(z.maxLength(20))),
        }),
        {},
      ),
      team: z._default(z.nullable(teamIdSchema()), null),
      priority: z._default(z.nullable(z.enum(priorities)), null),
    })
    .check(
      z.refine((rule) => (rule.team ?? null) !== null || (rule.priority ?? null) !== null, {
        message: 'A rule sets a team, a priority or both.',
        path: ['team'],
        when: (payload) => typeof payload.value === 'object' && payload.value !== null,
      }),
    ),
);

export const putRoutingRulesRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      rules: z.array(routingRuleSchema()).check(
        z.maxLength(50),
        z.superRefine(
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
      ),
      version: z.optional(z.int().check(z.gte(0))),
    })
    .check(z.meta({ id: 'PutRoutingRulesRequest' })),
);
export type PutRoutingRulesRequest = z.output<ReturnType<typeof putRoutingRulesRequestSchema>>;

export const routingRulesSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      rules: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          match: z.object({
            types: z.optional(z.array(z.string())),
            reasons: z.optional(z.array(z.string())),
            channels: z.optional(z.array(z.string())),
            languages: z.optional(z.array(z.string())),
            tiers: z.optional(z.array(z.string())),
            minOrderValue: z.optional(z.record(z.string(), z.int())),
            labels: z.optional(z.array(z.string())),
          }),
          team: z.nullable(z.string()),
          priority: z.nullable(z.enum(priorities)),
        }),
      ),
      version: z.int(),
      updatedAt: z.nullable(z.string()),
    })
    .check(z.meta({ id: 'RoutingRules' })),
);
