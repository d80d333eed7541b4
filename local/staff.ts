import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStaffDirectory } from '../functions/notifications/adapters/staff-directory.dynamodb.js';
import type { StaffMember } from '../functions/notifications/domain/staff.js';

/**
 * The staff directory the local runtime starts with: the ids match the README's and the
 * tests' tokens. agent-2 works Shanghai office hours, so their non-urgent alerts at night
 * wait for a morning digest.
 */
export const localStaff: readonly StaffMember[] = [
  {
    id: 'agent-1',
    name: 'Alex Agent',
    email: 'agent-1@redress.local',
    locale: 'en',
    roles: ['agent'],
    teams: ['support'],
    calendar: '24x7',
  },
  {
    id: 'agent-2',
    name: '王芳',
    email: 'agent-2@redress.local',
    locale: 'zh-CN',
    roles: ['agent'],
    teams: ['support', 'complaints'],
    calendar: {
      timezone: 'Asia/Shanghai',
      weekly: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '18:00']]]),
      ),
      holidays: [],
    },
  },
  {
    id: 'sup-1',
    name: 'Sam Supervisor',
    email: 'sup-1@redress.local',
    locale: 'en',
    roles: ['supervisor'],
    teams: ['*'],
    calendar: '24x7',
  },
];

/** Writes the local staff directory (overwriting the seeded members, leaving others alone). */
export async function seedStaff(client: DynamoDBClient, tableName: string): Promise<void> {
  const directory = new DynamoDbStaffDirectory(DynamoDBDocumentClient.from(client), tableName);
  for (const member of localStaff) await directory.put(member);
}
