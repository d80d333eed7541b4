import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps, staffRoomSignal } from '../compose.js';
import { putStaff as route } from '../routes.js';
import { makePutStaff } from '../use-cases/put-staff.js';

let putStaff: ReturnType<typeof makePutStaff> | undefined;

export const handler = httpHandler(route, async (request) => {
  putStaff ??= makePutStaff(staffDeps());
  const { staff, roomAppeared } = await putStaff(request.path.staffId, request.body);
  if (roomAppeared) await staffRoomSignal().send(staff.id, `${staff.id}'s record changed`);
  return { statusCode: 200, body: staff };
});
