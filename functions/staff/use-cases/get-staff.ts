import { NotFoundError } from '../../shared/errors.js';
import type { StaffRepository } from '../domain/ports.js';
import { staffView } from './views.js';

export function makeGetStaff({ staff }: { readonly staff: StaffRepository }) {
  return async (staffId: string) => {
    const found = await staff.getStaff(staffId);
    if (!found) throw new NotFoundError(`No staff member ${staffId}.`);
    return staffView(found);
  };
}
