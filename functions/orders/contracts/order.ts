import * as z from 'zod';
import { idSchema, isoTimeSchema, localeSchema } from '../../shared/contracts.js';
import { linePaid, MAX_MINOR_UNITS } from '../domain/order.js';

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY or EUR.');
export const minorUnitsSchema = z.int().min(0).max(MAX_MINOR_UNITS);
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'An IANA time zone such as Asia/Shanghai or Europe/Berlin.');

export const orderItemInputSchema = z.strictObject({
  sku: idSchema,
  name: z.string().min(1).max(200),
  quantity: z.int().min(1).max(10_000),
  unitPrice: minorUnitsSchema,
  /** Minor units taken off the whole line; at most quantity × unitPrice. */
  discount: minorUnitsSchema.default(0),
  category: z.string().min(1).max(64).default('general'),
  noReasonReturn: z.boolean().default(false),
  finalSale: z.boolean().default(false),
});

export const putOrderRequestSchema = z
  .strictObject({
    customerId: idSchema,
    customerEmail: z.email(),
    customerName: z.string().min(1).max(200).nullable().default(null),
    customerTier: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A tier name such as standard or vip.')
      .default('standard'),
    locale: localeSchema.default('en'),
    timeZone: timeZoneSchema.nullable().default(null),
    currency: currencySchema,
    placedAt: isoTimeSchema,
    shippedAt: isoTimeSchema.nullable().default(null),
    deliveredAt: isoTimeSchema.nullable().default(null),
    shippingFee: minorUnitsSchema.default(0),
    items: z.array(orderItemInputSchema).min(1).max(50),
  })
  .superRefine((order, ctx) => {
    const seen = new Set<string>();
    order.items.forEach((item, index) => {
      if (seen.has(item.sku))
        ctx.addIssue({ code: 'custom', path: ['items', index, 'sku'], message: 'Each SKU may appear once.' });
      seen.add(item.sku);
    });
    if (order.shippedAt && Date.parse(order.shippedAt) < Date.parse(order.placedAt)) {
      ctx.addIssue({ code: 'custom', path: ['shippedAt'], message: 'Shipping cannot precede the order.' });
    }
    if (order.deliveredAt && Date.parse(order.deliveredAt) < Date.parse(order.placedAt)) {
      ctx.addIssue({ code: 'custom', path: ['deliveredAt'], message: 'Delivery cannot precede the order.' });
    } else if (
      order.deliveredAt &&
      order.shippedAt &&
      Date.parse(order.deliveredAt) < Date.parse(order.shippedAt)
    ) {
      ctx.addIssue({ code: 'custom', path: ['deliveredAt'], message: 'Delivery cannot precede shipping.' });
    }
    // Money bounds: each line, and the total, stay exact integers at most 10^13 minor units.
    // Zod runs this after continuable issues too: an amount that broke its own bound is
    // reported once, by its own field, and leaves the total alone.
    let total = inBounds(order.shippingFee) ? order.shippingFee : Number.NaN;
    order.items.forEach((item, index) => {
      if (!inBounds(item.unitPrice) || !inBounds(item.discount)) {
        total = Number.NaN;
        return;
      }
      const listPrice = item.quantity * item.unitPrice;
      if (listPrice > MAX_MINOR_UNITS) {
        total = Number.NaN;
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'unitPrice'],
          message: `quantity × unitPrice may be at most ${MAX_MINOR_UNITS} minor units.`,
        });
      } else if (item.discount > listPrice) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'discount'],
          message: 'The discount may be at most quantity × unitPrice.',
        });
      } else {
        total += linePaid(item);
      }
    });
    if (total > MAX_MINOR_UNITS) {
      ctx.addIssue({
        code: 'custom',
        path: ['items'],
        message: `The order total (lines after discounts plus shipping) may be at most ${MAX_MINOR_UNITS} minor units.`,
      });
    }
  })
  .meta({ id: 'PutOrderRequest' });
export type PutOrderRequest = z.output<typeof putOrderRequestSchema>;

export const orderItemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.int(),
  unitPrice: z.int(),
  discount: z.int(),
  category: z.string(),
  noReasonReturn: z.boolean(),
  finalSale: z.boolean(),
  refundedQuantity: z.int(),
  refundedAmount: z.int(),
  /** Units in open refund, return, exchange or repair tickets. */
  claimedQuantity: z.int(),
  refundableQuantity: z.int(),
});

export const orderSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerEmail: z.string(),
    customerName: z.string().nullable(),
    customerTier: z.string(),
    locale: z.string(),
    timeZone: z.string().nullable(),
    currency: z.string(),
    placedAt: z.string(),
    shippedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    shippingFee: z.int(),
    /** Every line after its discount, plus the shipping fee. */
    total: z.int(),
    items: z.array(orderItemSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Order' });
export type OrderView = z.output<typeof orderSchema>;

export const listOrdersQuerySchema = z.strictObject({
  customerId: idSchema
    .optional()
    .describe('Staff name the customer whose orders they want; customers always get their own.'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional().describe('The `nextCursor` of the page before.'),
});
export type ListOrdersQuery = z.output<typeof listOrdersQuerySchema>;

export const orderSummarySchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    currency: z.string(),
    placedAt: z.string(),
    shippedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    /** Every line after its discount, plus the shipping fee. */
    total: z.int(),
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int() })),
    /** Tickets opened on the order. */
    ticketCount: z.int(),
  })
  .meta({ id: 'OrderSummary' });

export const orderPageSchema = z
  .object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'OrderPage' });
export type OrderPageView = z.output<typeof orderPageSchema>;

function inBounds(amount: number): boolean {
  return minorUnitsSchema.safeParse(amount).success;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}
