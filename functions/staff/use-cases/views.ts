import type { StaffWithLoad } from '../domain/staff.js';

/** A staff record as the API shows it: the profile and the open tickets assigned now. */
export function staffView({ member, load }: StaffWithLoad) {
  return { ...member, openTickets: load };
}
export type StaffView = ReturnType<typeof staffView>;
