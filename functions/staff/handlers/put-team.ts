import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps } from '../compose.js';
import { putTeam as route } from '../routes.js';
import { makePutTeam } from '../use-cases/put-team.js';

let putTeam: ReturnType<typeof makePutTeam> | undefined;

export const handler = httpHandler(route, async (request) => {
  putTeam ??= makePutTeam(staffDeps());
  const { team } = await putTeam(request.path.teamId, request.body);
  return { statusCode: 200, body: team };
});
