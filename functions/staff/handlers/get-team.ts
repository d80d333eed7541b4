import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps } from '../compose.js';
import { getTeam as route } from '../routes.js';
import { makeGetTeam } from '../use-cases/get-team.js';

let getTeam: ReturnType<typeof makeGetTeam> | undefined;

export const handler = httpHandler(route, async (request) => {
  getTeam ??= makeGetTeam(staffDeps());
  return { statusCode: 200, body: await getTeam(request.path.teamId) };
});
