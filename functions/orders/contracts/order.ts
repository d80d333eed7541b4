import * as z from 'zod/mini';
import { builtOnFirstUse, idSchema, isoTimeSchema, localeSchema } from '../../shared/contracts.js';
import { linePaid, MAX_MINOR_UNITS } from '../domain/order.js';

export const currencySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY or EUR.')),
);
export const minorUnitsSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.int().check(z.gte(0), z.lte(MAX_MINOR_UNITS)),
);
export const timeZoneSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.refine(isTimeZone, 'An IANA time zone such as Asia/Shanghai or Europe/Berlin.'),
    ),
);

export const orderItemInputSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    sku: idSchema,
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    quantity: z.int().check(z.gte(1), z.lte(10_000)),
    unitPrice: minorUnitsSchema(),
    /** Minor units taken off the whole line; at most quantity × unitPrice. */
    discount: z._default(minorUnitsSchema(), 0),
    category: z._default(z.string().check(z.minLength(1), z.maxLength(64)), 'general'),
    noReasonReturn: z._default(z.boolean(), false),
    finalSale: z._default(z.boolean(), false),
  }),
);

export const putOrderRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      customerId: idSchema,
      customerEmail: z.email(),
      customerName: z._default(z.nullable(z.string().check(z.minLength(1), z.maxLength(200))), null),
      customerTier: z._default(
        z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A tier name such as standard or vip.')),
        'standard',
      ),
      locale: z._default(localeSchema, 'en'),
      timeZone: z._default(z.nullable(timeZoneSchema()), null),
      currency: currencySchema(),
      placedAt: isoTimeSchema,
      shippedAt: z._default(z.nullable(isoTimeSchema), null),
      deliveredAt: z._default(z.nullable(isoTimeSchema), null),
      shippingFee: z._default(minorUnitsSchema(), 0),
      items: z.array(orderItemInputSchema()).check(z.minLength(1), z.maxLength(50)),
    })
    .check(
      z.superRefine((order, ctx) => {
        const seen = new Set<string>();
        order.items.forEach((item, index) => {
          if (seen.has(item.sku))
            ctx.addIssue({
              code: 'custom',
              path: ['items', index, 'sku'],
              message: 'Each SKU may appear once.',
            });
          seen.add(item.sku);
        });
        if (order.shippedAt && Date.parse(order.shippedAt) < Date.parse(order.placedAt)) {
          ctx.addIssue({
            code: 'custom',
            path: ['shippedAt'],
            message: 'Shipping cannot precede the order.',
          });
        }
        if (order.deliveredAt && Date.parse(order.deliveredAt) < Date.parse(order.placedAt)) {
          ctx.addIssue({
            code: 'custom',
            path: ['deliveredAt'],
            message: 'Delivery cannot precede the order.',
          });
        } else if (
          order.deliveredAt &&
          order.shippedAt &&
          Date.parse(order.deliveredAt) < Date.parse(order.shippedAt)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['deliveredAt'],
            message: 'Delivery cannot precede shipping.',
          });
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
      }),
      z.meta({ id: 'PutOrderRequest' }),
    ),
);
export type PutOrderRequest = z.output<ReturnType<typeof putOrderRequestSchema>>;

export const orderItemSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({
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
  }),
);

export const orderSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      id: z.string(),
      customerId: z.string(),
      customerEmail: z.string(),
      customerName: z.nullable(z.string()),
      customerTier: z.string(),
      locale: z.string(),
      timeZone: z.nullable(z.string()),
      currency: z.string(),
      placedAt: z.string(),
      shippedAt: z.nullable(z.string()),
      deliveredAt: z.nullable(z.string()),
      shippingFee: z.int(),
      /** Every line after its discount, plus the shipping fee. */
      total: z.int(),
      items: z.array(orderItemSchema()),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .check(z.meta({ id: 'Order' })),
);
export type OrderView = z.output<ReturnType<typeof orderSchema>>;

export const listOrdersQuerySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    customerId: z
      .optional(idSchema)
      .check(z.describe('Staff name the customer whose orders they want; customers always get their own.')),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
    cursor: z
      .optional(z.string().check(z.maxLength(2048)))
      .check(z.describe('The `nextCursor` of the page before.')),
  }),
);
export type ListOrdersQuery = z.output<ReturnType<typeof listOrdersQuerySchema>>;

export const orderSummarySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      id: z.string(),
      customerId: z.string(),
      currency: z.string(),
      placedAt: z.string(),
      shippedAt: z.nullable(z.string()),
      deliveredAt: z.nullable(z.string()),
      /** Every line after its discount, plus the shipping fee. */
      total: z.int(),
      items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int() })),
      /** Tickets opened on the order. */
      ticketCount: z.int(),
    })
    .check(z.meta({ id: 'OrderSummary' })),
);

export const orderPageSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({ items: z.array(orderSummarySchema()), nextCursor: z.nullable(z.string()) })
    .check(z.meta({ id: 'OrderPage' })),
);
export type OrderPageView = z.output<ReturnType<typeof orderPageSchema>>;

function inBounds(amount: number): boolean {
  return minorUnitsSchema().safeParse(amount).success;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}
