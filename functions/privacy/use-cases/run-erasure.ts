import { addressDigest } from '../../notifications/domain/address-digest.js';
import {
  type CustomerErasedData,
  customerErasedData,
  ErasureRunSupersededError,
  type JobRun,
} from '../domain/erasure.js';
import { addressesOf, type Holdings, planErasure, sentEmailPairs } from '../domain/erasure-plan.js';
import { carryOut, customerHoldings, MAX_ROUNDS, type PrivacyDeps } from './deps.js';

export type RunErasureResult =
  | { readonly outcome: 'done'; readonly event: CustomerErasedData; readonly steps: number }
  /** Nothing to do: no such job, it is done already, or another run of it is current. */
  | { readonly outcome: 'not-found' | 'already-done' | 'superseded' };

/**
 * Runs (or resumes) an erasure job: driven by the table's stream when the job is requested, and
 * by a redelivery after a crash. It marks the customer erased first, so the notifier stops
 * mailing them at once; then reads what is held, plans the steps still to do and carries them
 * out, each step and its count in one conditional write; it plans again until nothing is left,
 * then finishes the job and writes the `CustomerErased` event in one transaction.
 */
export function makeRunErasure(deps: PrivacyDeps) {
  const { reader, jobs, clock } = deps;

  async function holdingsOf(customerId: string): Promise<Holdings> {
    const { tickets, orders } = await customerHoldings(reader, customerId);
    const addresses = addressesOf({ tickets, orders });
    const sentEmails = await reader.sentEmails(sentEmailPairs({ tickets }));
    const suppressedAddresses: string[] = [];
    if (addresses.length > 0) {
      const key = await deps.hashKey.key();
      for (const address of addresses) {
        const suppression = await reader.suppression(address, addressDigest(address, key));
        if (suppression && !suppression.hashed) suppressedAddresses.push(address);
      }
    }
    return { tickets, orders, sentEmails, suppressedAddresses };
  }

  return async (erasureId: string): Promise<RunErasureResult> => {
    const job = await jobs.get(erasureId);
    if (!job) return { outcome: 'not-found' };
    if (job.status === 'done') return { outcome: 'already-done' };
    const run: JobRun = { erasureId, run: job.run };
    await jobs.markErased({ customerId: job.customerId, erasureId, at: clock.now().toISOString() });
    try {
      let steps = planErasure(await holdingsOf(job.customerId));
      if (!(await jobs.start(run, steps.length, clock.now()))) return { outcome: 'superseded' };
      let written = 0;
      for (let round = 1; steps.length > 0; round++) {
        if (round > MAX_ROUNDS) {
          throw new Error(`Erasure ${erasureId} still finds work after ${MAX_ROUNDS} rounds; retry later`);
        }
        written += await carryOut(deps, steps, run);
        steps = planErasure(await holdingsOf(job.customerId));
        if (steps.length > 0) await jobs.addPlanned(run, steps.length, clock.now());
      }
      const now = clock.now();
      const event = customerErasedData(job, now);
      if (!(await jobs.finish(run, event, now))) return { outcome: 'superseded' };
      return { outcome: 'done', event, steps: written };
    } catch (error) {
      if (error instanceof ErasureRunSupersededError) return { outcome: 'superseded' };
      throw error;
    }
  };
}
