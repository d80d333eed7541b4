import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps } from '../compose.js';
import { listTeams as route } from '../routes.js';
import { makeListTeams } from '../use-cases/list-teams.js';

let listTeams: ReturnType<typeof makeListTeams> | undefined;

export const handler = httpHandler(route, async () => {
  listTeams ??= makeListTeams(staffDeps());
  return { statusCode: 200, body: await listTeams() };
});
