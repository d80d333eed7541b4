import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps } from '../compose.js';
import { listStaff as route } from '../routes.js';
import { makeListStaff } from '../use-cases/list-staff.js';

let listStaff: ReturnType<typeof makeListStaff> | undefined;

export const handler = httpHandler(route, async () => {
  listStaff ??= makeListStaff(staffDeps());
  return { statusCode: 200, body: await listStaff() };
});
