import * as z from 'zod/mini';
import { reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse } from '../../shared/contracts.js';

const instant = /* @__PURE__ */ builtOnFirstUse(() =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'An ISO date (2026-11-01, midnight UTC) or date-time (2026-11-01T08:00:00Z).',
  }),
);

/**
 * `from` (inclusive) and `to` (exclusive) bound the tickets' creation time; default: the last 30
 * days. The report reads whole UTC days, so a bound inside a day is rounded out to its midnight.
 */
export const reportSummaryQuerySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    from: z.optional(instant()),
    to: z.optional(instant()),
  }),
);
export type ReportSummaryQuery = z.output<ReturnType<typeof reportSummaryQuerySchema>>;

const count = /* @__PURE__ */ builtOnFirstUse(() => z.int().check(z.gte(0)));
const percent = /* @__PURE__ */ builtOnFirstUse(() => z.nullable(z.number().check(z.gte(0), z.lte(100))));
const byType = /* @__PURE__ */ builtOnFirstUse(() => z.record(z.enum(ticketTypes), count()));

const attainmentSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({
    met: count(),
    breached: count(),
    percentMet: percent(),
  }),
);
const timedAttainmentSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.extend(attainmentSchema(), {
    medianMinutes: z.nullable(z.number().check(z.gte(0))),
  }),
);

const memberFigures = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({
    tickets: count(),
    resolved: count(),
    csatResponses: count(),
    csatAverage: z.nullable(z.number().check(z.gte(1), z.lte(5))),
    firstResponse: attainmentSchema(),
  }),
);

export const reportSummarySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      from: z.string().check(z.meta({ description: 'Start of the period read: midnight UTC (inclusive).' })),
      to: z.string().check(z.meta({ description: 'End of the period read: midnight UTC (exclusive).' })),
      requested: z.nullable(z.object({ from: z.string(), to: z.string() })).check(
        z.meta({
          description:
            'The period asked for when it did not fall on midnights UTC and was rounded out to whole days (`from` down, `to` up); null when it was whole days.',
        }),
      ),
      generatedAt: z.string(),
      tickets: count(),
      byType: byType(),
      byStatus: z.record(z.string(), count()),
      firstResponse: timedAttainmentSchema(),
      resolution: timedAttainmentSchema(),
      csat: z.object({
        responses: count(),
        average: z.nullable(z.number().check(z.gte(1), z.lte(5))),
        satisfiedPercent: percent(),
      }),
      nps: z.object({
        responses: count(),
        promoters: count(),
        passives: count(),
        detractors: count(),
        score: z.nullable(z.number().check(z.gte(-100), z.lte(100))),
      }),
      backlog: z.object({ total: count(), byType: byType() }),
      topComplaintReasons: z.array(z.object({ reason: z.enum(reasons), count: count() })),
      agents: z.array(z.extend(memberFigures(), { assigneeId: z.string() })).check(
        z.meta({
          description:
            'Per agent: the tickets of the period they hold now, how many of those are resolved, their first-response outcomes, and the ratings given while they held a ticket. Most tickets first.',
        }),
      ),
      teams: z.array(z.extend(memberFigures(), { team: z.string() })).check(
        z.meta({
          description:
            'Per team, the same measures: the tickets of the period in the team now, resolved, first-response outcomes and the ratings of those tickets. Most tickets first.',
        }),
      ),
    })
    .check(z.meta({ id: 'ReportSummary' })),
);
export type ReportSummary = z.output<ReturnType<typeof reportSummarySchema>>;
