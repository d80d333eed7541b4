import { z } from 'zod';
import { reasons } from '../../tickets/domain/ticket.js';

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and dashes.'),
  name: z.string().trim().min(1).max(100),
  maxAmount: z.int().min(0).max(100_000_000),
  reasons: z.array(z.enum(reasons)).default([]),
  categories: z.array(z.string().min(1).max(64)).default([]),
  maxRecentRefunds: z.int().min(1).max(1000),
});

export const putAfterSalesPolicyRequestSchema = z
  .strictObject({
    autoApproval: z.array(ruleSchema).max(20),
    returnWindows: z.strictObject({
      noReasonDays: z.int().min(0).max(365),
      qualityDays: z.int().min(0).max(730),
      repairDays: z.int().min(0).max(3650),
    }),
    returnPostageCaps: z
      .record(z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code.'), z.int().min(0).max(1_000_000))
      .optional(),
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
      }),
    ),
    returnWindows: z.object({ noReasonDays: z.int(), qualityDays: z.int(), repairDays: z.int() }),
    returnPostageCaps: z.record(z.string(), z.int()),
    version: z.int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AfterSalesPolicy' });
