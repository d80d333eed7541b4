import * as z from 'zod';
import { reasons } from '../../kernel/ticket-kinds.js';

/** Every amount stays an exact integer of at most 10^13 minor units. */
const MONEY_MAX = 10_000_000_000_000;

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and dashes.'),
  name: z.string().trim().min(1).max(100),
  maxAmount: z.int().min(0).max(MONEY_MAX),
  reasons: z.array(z.enum(reasons)).default([]),
  categories: z.array(z.string().min(1).max(64)).default([]),
  maxRecentRefunds: z.int().min(1).max(1000),
  maxDaysSinceDelivery: z.int().min(0).max(3650).nullable().default(null),
  maxRefundedAmount30Days: z.int().min(0).max(MONEY_MAX).nullable().default(null),
});

/** An ISO-8601 duration in days, hours, minutes or seconds (months and years have no fixed length). */
const isoDuration = z
  .string()
  .regex(
    /^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
    'An ISO-8601 duration such as PT48H or P7D.',
  );
const timeoutsSchema = z.strictObject({
  shopResponse: isoDuration,
  shopResponseUnshipped: isoDuration,
  customerShipReturn: isoDuration,
  customerShipReminder: isoDuration,
  shopConfirmReceipt: isoDuration,
  customerAppeal: isoDuration,
});

const perCurrency = z.record(
  z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code.'),
  z.int().min(0).max(MONEY_MAX),
);
const ceilingSchema = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code.'),
    agent: z.int().min(0).max(MONEY_MAX),
    supervisor: z.int().min(0).max(MONEY_MAX),
  })
  .refine((ceiling) => ceiling.supervisor >= ceiling.agent, {
    message: 'A supervisor may approve at least what an agent may.',
    path: ['supervisor'],
  });

export const putAfterSalesPolicyRequestSchema = z
  .strictObject({
    autoApproval: z.array(ruleSchema).max(20),
    returnWindows: z.strictObject({
      noReasonDays: z.int().min(0).max(365),
      qualityDays: z.int().min(0).max(730),
      repairDays: z.int().min(0).max(3650),
    }),
    returnPostageCaps: perCurrency.optional(),
    keepItemMaxAmount: perCurrency.optional(),
    approvalCeilings: z.array(ceilingSchema).max(50).optional(),
    timeouts: timeoutsSchema.partial().optional(),
    timeoutApprovalMaxAmount: perCurrency.optional(),
    version: z.int().min(0).optional(),
  })
  .superRefine((policy, ctx) => {
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
  })
  .meta({ id: 'PutAfterSalesPolicyRequest' });
export type PutAfterSalesPolicyRequest = z.output<typeof putAfterSalesPolicyRequestSchema>;

export const afterSalesPolicySchema = z
  .object({
    autoApproval: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        maxAmount: z.int(),
        reasons: z.array(z.string()),
        categories: z.array(z.string()),
        maxRecentRefunds: z.int(),
        maxDaysSinceDelivery: z.int().nullable().optional(),
        maxRefundedAmount30Days: z.int().nullable().optional(),
      }),
    ),
    returnWindows: z.object({ noReasonDays: z.int(), qualityDays: z.int(), repairDays: z.int() }),
    returnPostageCaps: z.record(z.string(), z.int()),
    keepItemMaxAmount: z.record(z.string(), z.int()),
    approvalCeilings: z.array(z.object({ currency: z.string(), agent: z.int(), supervisor: z.int() })),
    timeouts: timeoutsSchema,
    timeoutApprovalMaxAmount: z.record(z.string(), z.int()),
    version: z.int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AfterSalesPolicy' });

export const refundAttemptSchema = z
  .object({
    ticketId: z.string(),
    attempt: z.int(),
    /** `<ticketId>#<attempt>`; null before the first payment attempt. */
    idempotencyKey: z.string().nullable(),
    status: z.string(),
    outcomeUnknown: z.boolean(),
    amount: z.int(),
    currency: z.string(),
    gateway: z.object({
      state: z.enum(['paid', 'not_found', 'not_started']),
      gatewayRefundId: z.string().nullable(),
    }),
  })
  .meta({ id: 'RefundAttempt' });
