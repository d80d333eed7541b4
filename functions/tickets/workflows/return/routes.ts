import type { RouteDefinition } from '../../../shared/http/route.js';
import { ticketWrites } from '../../../shared/manifest.js';
import { ticketsConfig } from '../../config.js';
import { returnDeliveryRequestSchema, returnDeliverySchema } from '../../contracts/ticket.js';

export const recordReturnDelivery = {
  method: 'POST',
  path: '/v1/returns/deliveries',
  handler: 'functions/tickets/workflows/return/handlers/record-delivery.ts',
  summary:
    "The carrier delivered a return parcel to the shop (relayed by the shop platform): the shop's time to inspect it starts.",
  roles: ['integration'],
  body: returnDeliveryRequestSchema,
  responses: { 200: returnDeliverySchema },
  config: [ticketsConfig],
  table: ticketWrites,
} as const satisfies RouteDefinition;
