import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps, staffRoomSignal } from '../compose.js';
import { putMyAvailability as route } from '../routes.js';
import { makeSetAvailability } from '../use-cases/set-availability.js';

let setAvailability: ReturnType<typeof makeSetAvailability> | undefined;

/** The caller's own availability: the staff id is the token's subject, never a parameter. */
export const handler = httpHandler(route, async (request) => {
  setAvailability ??= makeSetAvailability(staffDeps());
  const { staff, roomAppeared } = await setAvailability(request.principal.id, request.body.available);
  if (roomAppeared) await staffRoomSignal().send(staff.id, `${staff.id} became available`);
  return { statusCode: 200, body: staff };
});
