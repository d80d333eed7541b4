import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps, staffRoomSignal } from '../compose.js';
import { putTeam as route } from '../routes.js';
import { makePutTeam } from '../use-cases/put-team.js';

let putTeam: ReturnType<typeof makePutTeam> | undefined;

export const handler = httpHandler(route, async (request) => {
  putTeam ??= makePutTeam(staffDeps());
  const { team, roomAppeared } = await putTeam(request.path.teamId, request.body);
  if (roomAppeared)
    for (const member of team.members)
      await staffRoomSignal().send(member, `${member} joined team ${team.id}`);
  return { statusCode: 200, body: team };
});
