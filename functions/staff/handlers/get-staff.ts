import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps } from '../compose.js';
import { getStaff as route } from '../routes.js';
import { makeGetStaff } from '../use-cases/get-staff.js';

let getStaff: ReturnType<typeof makeGetStaff> | undefined;

export const handler = httpHandler(route, async (request) => {
  getStaff ??= makeGetStaff(staffDeps());
  return { statusCode: 200, body: await getStaff(request.path.staffId) };
});
