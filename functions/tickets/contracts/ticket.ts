import * as z from 'zod';
import { channels, orderBoundTypes, priorities, reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { idSchema, isoTimeSchema } from '../../shared/contracts.js';
import { maxTagLength, tagPattern } from '../domain/tags.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ticketItemInputSchema = z.strictObject({
  sku: idSchema,
  quantity: z.int().min(1).max(10_000),
});

export const pickupSchema = z.strictObject({
  address: text(500),
  window: z
    .strictObject({ from: isoTimeSchema, to: isoTimeSchema })
    .refine((w) => Date.parse(w.from) < Date.parse(w.to), {
      message: 'The window must end after it starts.',
      path: ['to'],
    }),
});

export const createTicketRequestSchema = z
  .strictObject({
    type: z.enum(ticketTypes),
    orderId: idSchema.optional(),
    items: z.array(ticketItemInputSchema).min(1).max(50).optional(),
    reason: z.enum(reasons),
    subject: text(200).optional(),
    description: z.string().trim().max(5000).default(''),
    channel: z.enum(channels).default('web'),
    priority: z.enum(priorities).optional(),
    customerId: idSchema.optional(),
    returnMethod: z.enum(['pickup', 'dropoff']).optional(),
    pickup: pickupSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const needsOrder = orderBoundTypes.includes(body.type);
    if (needsOrder && !body.orderId)
      ctx.addIssue({ code: 'custom', path: ['orderId'], message: `Required for a ${body.type} ticket.` });
    if (needsOrder && !body.items)
      ctx.addIssue({ code: 'custom', path: ['items'], message: `Required for a ${body.type} ticket.` });
    if (!needsOrder && body.items) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: `A ${body.type} ticket names no items.` });
    }
    if ((body.type === 'complaint' || body.type === 'inquiry') && body.description === '') {
      ctx.addIssue({ code: 'custom', path: ['description'], message: `Describe the ${body.type}.` });
    }
    const shipsBack = body.type === 'return' || body.type === 'exchange';
    if (!shipsBack && body.returnMethod) {
      ctx.addIssue({
        code: 'custom',
        path: ['returnMethod'],
        message: 'Only return and exchange tickets ship goods back.',
      });
    }
    if (body.returnMethod === 'pickup' && !body.pickup) {
      ctx.addIssue({ code: 'custom', path: ['pickup'], message: 'Give the pickup address and window.' });
    }
    if (body.pickup && body.returnMethod !== 'pickup') {
      ctx.addIssue({ code: 'custom', path: ['pickup'], message: 'A pickup needs "returnMethod": "pickup".' });
    }
    const seen = new Set<string>();
    body.items?.forEach((item, index) => {
      if (seen.has(item.sku))
        ctx.addIssue({ code: 'custom', path: ['items', index, 'sku'], message: 'Each SKU may appear once.' });
      seen.add(item.sku);
    });
  })
  .meta({ id: 'CreateTicketRequest' });
export type CreateTicketRequest = z.output<typeof createTicketRequestSchema>;

export const postMessageRequestSchema = z
  .strictObject({
    body: text(10_000),
    internal: z.boolean().default(false),
  })
  .meta({ id: 'PostMessageRequest' });

/** A staff tag: a lower-case slug of at most 40 characters (`functions/tickets/domain/tags.ts`). */
export const tagSchema = z
  .string()
  .max(maxTagLength)
  .regex(
    tagPattern,
    `Lower-case letters, digits, dashes and underscores, starting with a letter or digit; at most ${maxTagLength}.`,
  );

const version = { version: z.int().min(1).optional() };
const parcel = {
  carrier: text(60),
  trackingNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,40}$/, 'Letters, digits and dashes, 4–40.'),
};
const note = (max = 2000) => text(max).optional();

export const actionRequestSchema = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('assign'), assigneeId: idSchema.nullable(), ...version }),
    z.strictObject({ action: z.literal('request_info'), message: note(), ...version }),
    z.strictObject({ action: z.literal('resolve'), summary: note(), ...version }),
    z.strictObject({ action: z.literal('reopen'), reason: note(), ...version }),
    z.strictObject({ action: z.literal('close'), ...version }),
    z.strictObject({ action: z.literal('set_priority'), priority: z.enum(priorities), ...version }),
    z.strictObject({ action: z.literal('escalate'), note: note(), ...version }),
    z.strictObject({ action: z.literal('cancel'), reason: note(), ...version }),
    z.strictObject({ action: z.literal('add_tag'), tag: tagSchema, ...version }),
    z.strictObject({ action: z.literal('remove_tag'), tag: tagSchema, ...version }),
    // The ticket acted on closes into `intoTicketId` (same customer and order; ADR 15).
    z.strictObject({ action: z.literal('merge'), intoTicketId: idSchema, ...version }),
    z.strictObject({ action: z.literal('approve'), note: note(), ...version }),
    z.strictObject({ action: z.literal('reject'), reason: text(2000), ...version }),
    z.strictObject({ action: z.literal('retry_refund'), ...version }),
    z.strictObject({ action: z.literal('appeal'), reason: text(2000), ...version }),
    z.strictObject({
      action: z.literal('ship'),
      ...parcel,
      // Minor units in the order's currency; reimbursed up to the policy's cap when the shop is at fault.
      postage: z.int().min(0).max(1_000_000).optional(),
      ...version,
    }),
    z.strictObject({ action: z.literal('receive'), note: note(), ...version }),
    z.strictObject({
      action: z.literal('inspect'),
      result: z.enum(['accepted', 'rejected']),
      note: note(),
      ...version,
    }),
    z.strictObject({ action: z.literal('ship_replacement'), ...parcel, ...version }),
    z.strictObject({ action: z.literal('start_repair'), note: note(), ...version }),
    z.strictObject({ action: z.literal('complete_repair'), note: note(), ...version }),
    z.strictObject({ action: z.literal('ship_back'), ...parcel, ...version }),
  ])
  .meta({ id: 'ActionRequest' });
export type ActionRequest = z.output<typeof actionRequestSchema>;

export const returnDeliveryRequestSchema = z
  .strictObject({
    ...parcel,
    /** When the carrier delivered the parcel to the shop; now when left out. */
    deliveredAt: isoTimeSchema.optional(),
  })
  .meta({ id: 'ReturnDeliveryRequest' });

export const returnDeliverySchema = z
  .object({
    ticketId: z.string(),
    status: z.string(),
    deliveredAt: z.string().nullable(),
    /** The shop inspects by then, or the parcel counts as accepted (shopConfirmReceipt). */
    inspectBy: z.string().nullable(),
  })
  .meta({ id: 'ReturnDelivery' });

export const ticketViews = [
  'unassigned',
  'mine',
  'team',
  'breaching',
  'breached',
  'pending_customer',
  'all',
] as const;

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'An ISO date (2026-11-01, midnight UTC) or date-time (2026-11-01T08:00:00Z).',
});

export const listTicketsQuerySchema = z
  .strictObject({
    view: z
      .enum(ticketViews)
      .optional()
      .describe(
        'Staff only (customers always get their own tickets, newest first). Queues sort by the nearest SLA deadline; `all` (the default) is newest first.',
      ),
    type: z.enum(ticketTypes).optional(),
    status: z
      .string()
      .regex(/^[a-z_]{1,40}$/, 'A status name such as requested.')
      .optional(),
    priority: z.enum(priorities).optional(),
    tag: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'A tag: lower-case letters, digits, _ and -, at most 40.')
      .optional(),
    team: idSchema.optional().describe("With view=team: this team instead of the caller's teams."),
    assigneeId: idSchema.optional(),
    channel: z.enum(channels).optional(),
    createdFrom: instant.optional().describe('Created at or after (inclusive).'),
    createdTo: instant.optional().describe('Created before (exclusive).'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .optional()
      .describe(
        'A ticket number (`#79540BC0` or `79540BC0`: every ticket whose id starts so), an order id or a customer email. Staff only; searches every ticket.',
      ),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(4096).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.createdFrom && query.createdTo && Date.parse(query.createdFrom) >= Date.parse(query.createdTo))
      ctx.addIssue({ code: 'custom', path: ['createdTo'], message: 'Must be after createdFrom.' });
    if (query.q !== undefined && query.view !== undefined && query.view !== 'all')
      ctx.addIssue({
        code: 'custom',
        path: ['view'],
        message: 'A search covers all tickets: leave view out.',
      });
    if (query.q !== undefined && query.cursor !== undefined)
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'A search returns one page.' });
  });
export type ListTicketsQuery = z.output<typeof listTicketsQuerySchema>;
