import * as z from 'zod/mini';
import { reasons } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse } from '../../shared/contracts.js';

/** Every amount stays an exact integer of at most 10^13 minor units. */
const MONEY_MAX = 10_000_000_000_000;

const ruleSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and dashes.')),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    maxAmount: z.int().check(z.gte(0), z.lte(MONEY_MAX)),
    reasons: z._default(z.array(z.enum(reasons)), []),
    categories: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(64))), []),
    maxRecentRefunds: z.int().check(z.gte(1), z.lte(1000)),
    maxDaysSinceDelivery: z._default(z.nullable(z.int().check(z.gte(0), z.lte(3650))), null),
    maxRefundedAmount30Days: z._default(z.nullable(z.int().check(z.gte(0), z.lte(MONEY_MAX))), null),
  }),
);

/** An ISO-8601 duration in days, hours, minutes or seconds (months and years have no fixed length). */
const isoDuration = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .string()
    .check(
      z.regex(
        /^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
        'An ISO-8601 duration such as PT48H or P7D.',
      ),
    ),
);
const timeoutsSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    shopResponse: isoDuration(),
    shopResponseUnshipped: isoDuration(),
    customerShipReturn: isoDuration(),
    customerShipReminder: isoDuration(),
    shopConfirmReceipt: isoDuration(),
    customerAppeal: isoDuration(),
  }),
);

const perCurrency = /* @__PURE__ */ builtOnFirstUse(() =>
  z.record(
    z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code.')),
    z.int().check(z.gte(0), z.lte(MONEY_MAX)),
  ),
);
const ceilingSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code.')),
      agent: z.int().check(z.gte(0), z.lte(MONEY_MAX)),
      supervisor: z.int().check(z.gte(0), z.lte(MONEY_MAX)),
    })
    .check(
      z.refine((ceiling) => ceiling.supervisor >= ceiling.agent, {
        message: 'A supervisor may approve at least what an agent may.',
        path: ['supervisor'],
      }),
    ),
);

export const putAfterSalesPolicyRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      autoApproval: z.array(ruleSchema()).check(z.maxLength(20)),
      returnWindows: z.strictObject({
        noReasonDays: z.int().check(z.gte(0), z.lte(365)),
        qualityDays: z.int().check(z.gte(0), z.lte(730)),
        repairDays: z.int().check(z.gte(0), z.lte(3650)),
      }),
      returnPostageCaps: z.optional(perCurrency()),
      keepItemMaxAmount: z.optional(perCurrency()),
      approvalCeilings: z.optional(z.array(ceilingSchema()).check(z.maxLength(50))),
      timeouts: z.optional(z.partial(timeoutsSchema())),
      timeoutApprovalMaxAmount: z.optional(perCurrency()),
      version: z.optional(z.int().check(z.gte(0))),
    })
    .check(
      z.superRefine((policy, ctx) => {
        const seen = new Set<string>();
        policy.autoApproval.forEach((rule, index) => {
          if (seen.has(rule.id))
            ctx.addIssue({
              code: 'custom',
              path: ['autoApproval', index, 'id'],
              message: 'Rule ids are unique.',
            });
          seen.add(rule.id);
        });
        const currencies = new Set<string>();
        policy.approvalCeilings?.forEach((ceiling, index) => {
          if (currencies.has(ceiling.currency))
            ctx.addIssue({
              code: 'custom',
              path: ['approvalCeilings', index, 'currency'],
              message: 'One row per currency.',
            });
          currencies.add(ceiling.currency);
        });
      }),
      z.meta({ id: 'PutAfterSalesPolicyRequest' }),
    ),
);
export type PutAfterSalesPolicyRequest = z.output<ReturnType<typeof putAfterSalesPolicyRequestSchema>>;

export const afterSalesPolicySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      autoApproval: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          maxAmount: z.int(),
          reasons: z.array(z.string()),
          categories: z.array(z.string()),
          maxRecentRefunds: z.int(),
          maxDaysSinceDelivery: z.optional(z.nullable(z.int())),
          maxRefundedAmount30Days: z.optional(z.nullable(z.int())),
        }),
      ),
      returnWindows: z.object({ noReasonDays: z.int(), qualityDays: z.int(), repairDays: z.int() }),
      returnPostageCaps: z.record(z.string(), z.int()),
      keepItemMaxAmount: z.record(z.string(), z.int()),
      approvalCeilings: z.array(z.object({ currency: z.string(), agent: z.int(), supervisor: z.int() })),
      timeouts: timeoutsSchema(),
      timeoutApprovalMaxAmount: z.record(z.string(), z.int()),
      version: z.int(),
      updatedAt: z.string(),
    })
    .check(z.meta({ id: 'AfterSalesPolicy' })),
);

export const refundAttemptSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      ticketId: z.string(),
      attempt: z.int(),
      /** `<ticketId>#<attempt>`; null before the first payment attempt. */
      idempotencyKey: z.nullable(z.string()),
      status: z.string(),
      outcomeUnknown: z.boolean(),
      amount: z.int(),
      currency: z.string(),
      gateway: z.object({
        state: z.enum(['paid', 'not_found', 'not_started']),
        gatewayRefundId: z.nullable(z.string()),
      }),
    })
    .check(z.meta({ id: 'RefundAttempt' })),
);
