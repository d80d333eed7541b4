import { derivedId } from '../../shared/derived-id.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';
import { type ErasureJob, newErasureJob, restarted, shouldRestart } from '../domain/erasure.js';
import type { PrivacyDeps } from './deps.js';

/** One erasure per customer: a repeated request names the same job. */
export function erasureIdFor(customerId: string): string {
  return derivedId('erasure', customerId);
}

function assertAdmin(principal: Principal): void {
  if (!principal.roles.has('admin')) throw new ForbiddenError('Only admins erase customers.');
}

/**
 * `DELETE /v1/customers/{customerId}`: asks for the customer's erasure (202, `Location` the
 * job). Idempotent: a job that is alive is answered as it stands; one that stalled (its worker
 * died) or finished starts a new run, which the stream hands to the worker again. Creating or
 * restarting the job is all it writes: the work is the worker's.
 */
export function makeRequestErasure(deps: Pick<PrivacyDeps, 'jobs' | 'clock'>) {
  const { jobs, clock } = deps;
  return async (
    principal: Principal,
    customerId: string,
  ): Promise<{ job: ErasureJob; outcome: 'created' | 'restarted' | 'unchanged' }> => {
    assertAdmin(principal);
    const id = erasureIdFor(customerId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = clock.now();
      const existing = await jobs.get(id);
      if (!existing) {
        const job = newErasureJob({ id, customerId, requestedBy: principal.id, now });
        if (await jobs.create(job)) return { job, outcome: 'created' };
        continue;
      }
      if (!shouldRestart(existing, now)) return { job: existing, outcome: 'unchanged' };
      const next = restarted(existing, principal.id, now);
      if (await jobs.restart(next, existing)) return { job: next, outcome: 'restarted' };
    }
    // Three requests raced this one; what they wrote stands.
    const settled = await jobs.get(id);
    if (!settled) throw new Error(`Erasure ${id} vanished`);
    return { job: settled, outcome: 'unchanged' };
  };
}

/** `GET /v1/erasures/{erasureId}` (admins): where the erasure stands. */
export function makeGetErasure(deps: Pick<PrivacyDeps, 'jobs'>) {
  return async (principal: Principal, erasureId: string): Promise<ErasureJob> => {
    assertAdmin(principal);
    const job = await deps.jobs.get(erasureId);
    if (!job) throw new NotFoundError(`Erasure ${erasureId} not found.`);
    return job;
  };
}
