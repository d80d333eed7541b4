import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import type { StaffRepository } from '../domain/ports.js';
import { staffView } from './views.js';

/**
 * An agent sets their own availability (`PUT /v1/staff/me/availability`). Coming back is room
 * appearing: the assigner then hands them the oldest-deadline tickets waiting in their teams.
 */
export function makeSetAvailability({
  staff,
  clock,
}: {
  readonly staff: StaffRepository;
  readonly clock: Clock;
}) {
  return async (staffId: string, available: boolean) => {
    const before = await staff.getStaff(staffId);
    if (!before) throw new NotFoundError(`No staff record for ${staffId}; an admin creates it first.`);
    const member = await staff.setAvailability(staffId, available, clock.now().toISOString());
    return {
      staff: staffView({ member, load: before.load }),
      roomAppeared: available && !before.member.available,
    };
  };
}
