import { z } from 'zod';

export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'Use letters, digits, ".", "_", ":" or "-".');
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY or EUR.');
export const minorUnitsSchema = z.int().min(0).max(1_000_000_000_000);
export const isoTimeSchema = z.iso.datetime({ offset: true });
export const localeSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'A BCP 47 tag such as zh-CN or en.');

export const orderItemInputSchema = z.strictObject({
  sku: idSchema,
  name: z.string().min(1).max(200),
  quantity: z.int().min(1).max(10_000),
  unitPrice: minorUnitsSchema,
  category: z.string().min(1).max(64).default('general'),
  noReasonReturn: z.boolean().default(false),
});

export const putOrderRequestSchema = z
  .strictObject({
    customerId: idSchema,
    customerEmail: z.email(),
    customerTier: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A tier name such as standard or vip.')
      .default('standard'),
    locale: localeSchema.default('en'),
    currency: currencySchema,
    placedAt: isoTimeSchema,
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
    if (order.deliveredAt && Date.parse(order.deliveredAt) < Date.parse(order.placedAt)) {
      ctx.addIssue({ code: 'custom', path: ['deliveredAt'], message: 'Delivery cannot precede the order.' });
    }
  })
  .meta({ id: 'PutOrderRequest' });
export type PutOrderRequest = z.output<typeof putOrderRequestSchema>;

export const orderItemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.int(),
  unitPrice: z.int(),
  category: z.string(),
  noReasonReturn: z.boolean(),
  refundedQuantity: z.int(),
  refundedAmount: z.int(),
  refundableQuantity: z.int(),
});

export const orderSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerEmail: z.string(),
    customerTier: z.string(),
    locale: z.string(),
    currency: z.string(),
    placedAt: z.string(),
    deliveredAt: z.string().nullable(),
    shippingFee: z.int(),
    total: z.int(),
    items: z.array(orderItemSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Order' });
export type OrderView = z.output<typeof orderSchema>;
