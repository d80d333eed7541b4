import { httpHandler } from '../../shared/http/handler.js';
import { privacyDeps } from '../compose.js';
import { exportCustomerData as route } from '../routes.js';
import { makeExportCustomerData } from '../use-cases/export-customer-data.js';

let exportData: ReturnType<typeof makeExportCustomerData> | undefined;

/** GET /v1/customers/{customerId}/data (admins). Cost: proportional to the customer's tickets. */
export const handler = httpHandler(route, async (request) => {
  exportData ??= makeExportCustomerData(privacyDeps());
  return { statusCode: 200, body: await exportData(request.principal, request.path.customerId) };
});
