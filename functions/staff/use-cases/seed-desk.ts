import { ticketTypes } from '../../kernel/ticket-kinds.js';
import type { Clock } from '../../shared/clock.js';
import type { Calendar } from '../../sla/domain/calendar.js';
import type { StaffRepository } from '../domain/ports.js';
import type { StaffProfile, TeamProfile } from '../domain/staff.js';

const shanghaiOfficeHours: Calendar = {
  timezone: 'Asia/Shanghai',
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [day, [['09:00', '18:00'] as const]]),
  ),
  holidays: [],
};

const allTeams = ['support', 'complaints', 'vip', 'escalations'];

/**
 * The demo desk `npm start` begins with. The ids and emails are the ones the README, the tests'
 * tokens and the notifier's staff directory have used so far (agent-1, agent-2, sup-1);
 * `escalations` is the team the default SLA policy's last level moves tickets to, so its
 * supervisors exist too. sup-1 belongs to every team (the notifier finds a team's supervisors by
 * membership and role) but is no agent, so the assigner never gives them tickets.
 */
export const demoTeams: readonly TeamProfile[] = [
  { id: 'support', name: 'Support', supervisors: ['sup-1'], calendar: '24x7' },
  { id: 'complaints', name: 'Complaints', supervisors: ['sup-1'], calendar: '24x7' },
  { id: 'vip', name: 'VIP', supervisors: ['sup-1'], calendar: '24x7' },
  { id: 'escalations', name: 'Escalations', supervisors: ['sup-1'], calendar: '24x7' },
];

export const demoStaff: readonly StaffProfile[] = [
  {
    id: 'agent-1',
    name: 'Alex Agent',
    email: 'agent-1@redress.local',
    locale: 'en',
    teams: ['support', 'vip'],
    languages: ['en'],
    skills: [...ticketTypes],
    capacity: 10,
    available: true,
    roles: ['agent'],
    calendar: '24x7',
  },
  {
    id: 'agent-2',
    name: '王芳',
    email: 'agent-2@redress.local',
    locale: 'zh-CN',
    teams: ['support', 'complaints'],
    languages: ['zh-CN', 'en'],
    skills: [...ticketTypes],
    capacity: 10,
    available: true,
    roles: ['agent'],
    calendar: shanghaiOfficeHours,
  },
  {
    id: 'agent-3',
    name: 'Lin Chen',
    email: 'agent-3@redress.local',
    locale: 'zh-CN',
    teams: ['vip', 'complaints'],
    languages: ['zh-CN', 'en'],
    skills: ['refund', 'return', 'exchange', 'complaint', 'inquiry'],
    capacity: 5,
    available: true,
    roles: ['agent'],
    calendar: '24x7',
  },
  {
    id: 'sup-1',
    name: 'Sam Supervisor',
    email: 'sup-1@redress.local',
    locale: 'en',
    teams: allTeams,
    languages: ['en'],
    skills: [],
    capacity: 0,
    available: true,
    roles: ['supervisor'],
    calendar: '24x7',
  },
  {
    id: 'admin-1',
    name: 'Ada Admin',
    email: 'admin-1@redress.local',
    locale: 'en',
    teams: [],
    languages: ['en'],
    skills: [],
    capacity: 0,
    available: true,
    roles: ['admin'],
    calendar: '24x7',
  },
];

/**
 * Writes the demo desk through the staff repository: the teams, then the staff. Records an admin
 * has saved since (version ≥ 1) are left as they are, so a restart never undoes their edits;
 * missing ones, and items the notifier's old seed wrote (version 0), are written.
 */
export function makeSeedDesk({ staff, clock }: { readonly staff: StaffRepository; readonly clock: Clock }) {
  return async (): Promise<{ readonly teams: string[]; readonly staff: string[] }> => {
    const at = clock.now().toISOString();
    const written = { teams: [] as string[], staff: [] as string[] };
    const [teams, members] = await Promise.all([staff.listTeams(), staff.listStaff()]);
    for (const team of demoTeams) {
      if (teams.some((stored) => stored.id === team.id)) continue;
      await staff.saveTeam(team, 0, at, []);
      written.teams.push(team.id);
    }
    for (const member of demoStaff) {
      const stored = members.find((entry) => entry.member.id === member.id);
      if (stored && stored.member.version > 0) continue;
      await staff.saveStaff(member, 0, at);
      written.staff.push(member.id);
    }
    return written;
  };
}
