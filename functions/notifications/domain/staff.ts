import type { Calendar } from '../../sla/domain/calendar.js';
import type { MailLocale } from './locale.js';

/**
 * A member of staff as far as email is concerned. Kept in the staff directory (one item per
 * member); `teams` may hold `*` for supervisors of every team.
 */
export interface StaffMember {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly locale: MailLocale;
  readonly roles: readonly ('agent' | 'supervisor' | 'admin')[];
  readonly teams: readonly string[];
  /** Working hours: outside them, non-urgent alerts wait for a digest at the start of the day. */
  readonly calendar: Calendar;
}

export function supervisesTeam(member: StaffMember, team: string): boolean {
  return member.roles.includes('supervisor') && (member.teams.includes(team) || member.teams.includes('*'));
}
