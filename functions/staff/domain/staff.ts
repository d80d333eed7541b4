import type { TicketType } from '../../kernel/ticket-kinds.js';
import type { Calendar } from '../../sla/domain/calendar.js';

/** What a staff record says a person does; the token's groups still decide what they may call. */
export const staffRoles = ['agent', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * A member of staff. Kept under the same key the notifier's staff directory reads
 * (`STAFF` / `MEMBER#<id>`), so its email, locale, roles, teams and calendar serve both.
 */
export interface StaffMember {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** The language their email is written in (BCP 47). */
  readonly locale: string;
  /** Teams they take tickets in (membership; supervision is on the team). */
  readonly teams: readonly string[];
  /** Languages they answer customers in (BCP 47; `zh` matches `zh-CN`). */
  readonly languages: readonly string[];
  /** Ticket types they handle. */
  readonly skills: readonly TicketType[];
  /** Most open tickets auto-assigned to them at once; 0 takes none. */
  readonly capacity: number;
  /** Whether they take new tickets now (they set it themselves). */
  readonly available: boolean;
  readonly roles: readonly StaffRole[];
  /** Working hours: the notifier holds non-urgent alerts outside them. */
  readonly calendar: Calendar;
  readonly version: number;
  readonly updatedAt: string;
}

/** A staff record with the open tickets assigned to them now (their load counter). */
export interface StaffWithLoad {
  readonly member: StaffMember;
  readonly load: number;
}

export interface Team {
  readonly id: string;
  readonly name: string;
  /** Staff ids who supervise the team: escalations, approvals and alerts go to them. */
  readonly supervisors: readonly string[];
  /** The team's business hours (SLA clocks of its tickets may use them). */
  readonly calendar: Calendar;
  readonly version: number;
  readonly updatedAt: string;
}

/** A team as shown: its members are the staff whose `teams` name it (one source of membership). */
export interface TeamView extends Team {
  readonly members: readonly string[];
}

export type StaffProfile = Omit<StaffMember, 'version' | 'updatedAt'>;
export type TeamProfile = Omit<Team, 'version' | 'updatedAt'>;

/** `zh-CN`, `zh_Hans`, `ZH` → `zh`: staff and tickets match on the primary language subtag. */
export function primaryLanguage(tag: string): string {
  return tag.trim().replace(/_/g, '-').split('-')[0]?.toLowerCase() ?? '';
}

export function speaks(member: Pick<StaffMember, 'languages'>, language: string): boolean {
  const wanted = primaryLanguage(language);
  return member.languages.some((spoken) => primaryLanguage(spoken) === wanted);
}

export function teamView(team: Team, staff: readonly StaffMember[]): TeamView {
  const members = staff.filter((member) => member.teams.includes(team.id)).map((member) => member.id);
  return { ...team, members: members.sort() };
}
