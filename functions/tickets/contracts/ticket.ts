import * as z from 'zod/mini';
import { channels, orderBoundTypes, priorities, reasons, ticketTypes } from '../../kernel/ticket-kinds.js';
import { builtOnFirstUse, idSchema, isoTimeSchema } from '../../shared/contracts.js';
import { maxTagLength, tagPattern } from '../domain/tags.js';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

const ticketItemInput = () =>
  z.strictObject({
    sku: idSchema,
    quantity: z.int().check(z.gte(1), z.lte(10_000)),
  });

/** A pickup's address and window (the request's, and the staff view's). */
export const pickupSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    address: text(500),
    window: z.strictObject({ from: isoTimeSchema, to: isoTimeSchema }).check(
      z.refine((w) => Date.parse(w.from) < Date.parse(w.to), {
        message: 'The window must end after it starts.',
        path: ['to'],
      }),
    ),
  }),
);

export const createTicketRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      type: z.enum(ticketTypes),
      orderId: z.optional(idSchema),
      items: z.optional(z.array(ticketItemInput()).check(z.minLength(1), z.maxLength(50))),
      reason: z.enum(reasons),
      subject: z.optional(text(200)),
      description: z._default(z.string().check(z.trim(), z.maxLength(5000)), ''),
      channel: z._default(z.enum(channels), 'web'),
      priority: z.optional(z.enum(priorities)),
      customerId: z.optional(idSchema),
      returnMethod: z.optional(z.enum(['pickup', 'dropoff'])),
      pickup: z.optional(pickupSchema()),
    })
    .check(
      z.superRefine((body, ctx) => {
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
          ctx.addIssue({
            code: 'custom',
            path: ['pickup'],
            message: 'A pickup needs "returnMethod": "pickup".',
          });
        }
        const seen = new Set<string>();
        body.items?.forEach((item, index) => {
          if (seen.has(item.sku))
            ctx.addIssue({
              code: 'custom',
              path: ['items', index, 'sku'],
              message: 'Each SKU may appear once.',
            });
          seen.add(item.sku);
        });
      }),
      z.meta({ id: 'CreateTicketRequest' }),
    ),
);
export type CreateTicketRequest = z.output<ReturnType<typeof createTicketRequestSchema>>;

export const postMessageRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      body: text(10_000),
      internal: z._default(z.boolean(), false),
    })
    .check(z.meta({ id: 'PostMessageRequest' })),
);

/** A staff tag: a lower-case slug of at most 40 characters (`functions/tickets/domain/tags.ts`). */
export const tagSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .string()
    .check(
      z.maxLength(maxTagLength),
      z.regex(
        tagPattern,
        `Lower-case letters, digits, dashes and underscores, starting with a letter or digit; at most ${maxTagLength}.`,
      ),
    ),
);

const version = () => ({ version: z.optional(z.int().check(z.gte(1))) });
const parcel = () => ({
  carrier: text(60),
  trackingNumber: z
    .string()
    .check(z.trim(), z.regex(/^[A-Za-z0-9-]{4,40}$/, 'Letters, digits and dashes, 4–40.')),
});
const note = (max = 2000) => z.optional(text(max));

export const actionRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .discriminatedUnion('action', [
      z.strictObject({ action: z.literal('assign'), assigneeId: z.nullable(idSchema), ...version() }),
      z.strictObject({ action: z.literal('request_info'), message: note(), ...version() }),
      z.strictObject({ action: z.literal('resolve'), summary: note(), ...version() }),
      z.strictObject({ action: z.literal('reopen'), reason: note(), ...version() }),
      z.strictObject({ action: z.literal('close'), ...version() }),
      z.strictObject({ action: z.literal('set_priority'), priority: z.enum(priorities), ...version() }),
      z.strictObject({ action: z.literal('escalate'), note: note(), ...version() }),
      z.strictObject({ action: z.literal('cancel'), reason: note(), ...version() }),
      z.strictObject({ action: z.literal('add_tag'), tag: tagSchema(), ...version() }),
      z.strictObject({ action: z.literal('remove_tag'), tag: tagSchema(), ...version() }),
      // The ticket acted on closes into `intoTicketId` (same customer and order; ADR 15).
      z.strictObject({ action: z.literal('merge'), intoTicketId: idSchema, ...version() }),
      z.strictObject({ action: z.literal('approve'), note: note(), ...version() }),
      z.strictObject({ action: z.literal('reject'), reason: text(2000), ...version() }),
      z.strictObject({ action: z.literal('retry_refund'), ...version() }),
      z.strictObject({ action: z.literal('appeal'), reason: text(2000), ...version() }),
      z.strictObject({
        action: z.literal('ship'),
        ...parcel(),
        // Minor units in the order's currency; reimbursed up to the policy's cap when the shop is at fault.
        postage: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
        ...version(),
      }),
      z.strictObject({ action: z.literal('receive'), note: note(), ...version() }),
      z.strictObject({
        action: z.literal('inspect'),
        result: z.enum(['accepted', 'rejected']),
        note: note(),
        ...version(),
      }),
      z.strictObject({ action: z.literal('ship_replacement'), ...parcel(), ...version() }),
      z.strictObject({ action: z.literal('start_repair'), note: note(), ...version() }),
      z.strictObject({ action: z.literal('complete_repair'), note: note(), ...version() }),
      z.strictObject({ action: z.literal('ship_back'), ...parcel(), ...version() }),
    ])
    .check(z.meta({ id: 'ActionRequest' })),
);
export type ActionRequest = z.output<ReturnType<typeof actionRequestSchema>>;

export const returnDeliveryRequestSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      ...parcel(),
      /** When the carrier delivered the parcel to the shop; now when left out. */
      deliveredAt: z.optional(isoTimeSchema),
    })
    .check(z.meta({ id: 'ReturnDeliveryRequest' })),
);

export const returnDeliverySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .object({
      ticketId: z.string(),
      status: z.string(),
      deliveredAt: z.nullable(z.string()),
      /** The shop inspects by then, or the parcel counts as accepted (shopConfirmReceipt). */
      inspectBy: z.nullable(z.string()),
    })
    .check(z.meta({ id: 'ReturnDelivery' })),
);

export const ticketViews = [
  'unassigned',
  'mine',
  'team',
  'breaching',
  'breached',
  'pending_customer',
  'all',
] as const;

const instant = () =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'An ISO date (2026-11-01, midnight UTC) or date-time (2026-11-01T08:00:00Z).',
  });

export const listTicketsQuerySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      view: z
        .optional(z.enum(ticketViews))
        .check(
          z.describe(
            'Staff only (customers always get their own tickets, newest first). Queues sort by the nearest SLA deadline; `all` (the default) is newest first.',
          ),
        ),
      type: z.optional(z.enum(ticketTypes)),
      status: z.optional(z.string().check(z.regex(/^[a-z_]{1,40}$/, 'A status name such as requested.'))),
      priority: z.optional(z.enum(priorities)),
      tag: z.optional(
        z
          .string()
          .check(
            z.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'A tag: lower-case letters, digits, _ and -, at most 40.'),
          ),
      ),
      team: z
        .optional(idSchema)
        .check(z.describe("With view=team: this team instead of the caller's teams.")),
      assigneeId: z.optional(idSchema),
      channel: z.optional(z.enum(channels)),
      createdFrom: z.optional(instant()).check(z.describe('Created at or after (inclusive).')),
      createdTo: z.optional(instant()).check(z.describe('Created before (exclusive).')),
      q: z
        .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(254)))
        .check(
          z.describe(
            'A ticket number (`#79540BC0` or `79540BC0`: every ticket whose id starts so), an order id or a customer email. Staff only; searches every ticket.',
          ),
        ),
      limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
      cursor: z.optional(z.string().check(z.maxLength(4096))),
    })
    .check(
      z.superRefine((query, ctx) => {
        if (
          query.createdFrom &&
          query.createdTo &&
          Date.parse(query.createdFrom) >= Date.parse(query.createdTo)
        )
          ctx.addIssue({ code: 'custom', path: ['createdTo'], message: 'Must be after createdFrom.' });
        if (query.q !== undefined && query.view !== undefined && query.view !== 'all')
          ctx.addIssue({
            code: 'custom',
            path: ['view'],
            message: 'A search covers all tickets: leave view out.',
          });
        if (query.q !== undefined && query.cursor !== undefined)
          ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'A search returns one page.' });
      }),
    ),
);
export type ListTicketsQuery = z.output<ReturnType<typeof listTicketsQuerySchema>>;
