import { httpHandler } from '../../../../shared/http/handler.js';
import { ticketDeps } from '../../../compose.js';
import { recordReturnDelivery as route } from '../routes.js';
import { makeRecordReturnDelivery } from '../use-cases/record-return-delivery.js';

let record: ReturnType<typeof makeRecordReturnDelivery> | undefined;

/** The shop platform relays the carrier's "delivered to the shop" event for a return parcel. */
export const handler = httpHandler(route, async (request) => {
  record ??= makeRecordReturnDelivery(ticketDeps());
  return { statusCode: 200, body: await record(request.body) };
});
