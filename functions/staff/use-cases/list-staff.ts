import type { StaffRepository } from '../domain/ports.js';
import { staffView } from './views.js';

/** Every staff record, by id. */
export function makeListStaff({ staff }: { readonly staff: StaffRepository }) {
  return async () => {
    const all = await staff.listStaff();
    return { items: all.map(staffView).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
  };
}
