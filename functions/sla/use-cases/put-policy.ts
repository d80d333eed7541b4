import type { Clock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import type { PutSlaPolicyRequest } from '../contracts/policy.js';
import { DEFAULT_POLICY_ID, effectivePolicies, seededPolicies } from '../domain/policy.js';
import type { SlaPolicyRepository } from '../domain/policy-repository.js';

export interface PolicyDeps {
  readonly policies: SlaPolicyRepository;
  readonly clock: Clock;
}

export function makeListPolicies({ policies }: Pick<PolicyDeps, 'policies'>) {
  return async () => ({ items: effectivePolicies(await policies.list()) });
}

/**
 * Creates or replaces a policy. Open tickets move onto it at once: the stored change travels
 * through the table stream to the SLA worker, which re-applies policies to open tickets.
 */
export function makePutPolicy({ policies, clock }: PolicyDeps) {
  return async (policyId: string, request: PutSlaPolicyRequest) => {
    const { version, ...body } = request;
    if (
      policyId === DEFAULT_POLICY_ID &&
      Object.values(body.match).some((values) => (values?.length ?? 0) > 0)
    ) {
      throw new ValidationError([
        { path: 'match', message: 'The default policy matches every ticket; leave match empty.' },
      ]);
    }
    const stored = (await policies.list()).find((policy) => policy.id === policyId);
    const seeded = seededPolicies.find((policy) => policy.id === policyId);
    const expected = version ?? stored?.version ?? 0;
    return policies.save(
      {
        id: policyId,
        name: body.name,
        match: body.match,
        order: body.order,
        calendar: body.calendar,
        targets: {
          firstResponseMinutes: body.targets.firstResponseMinutes,
          nextResponseMinutes: body.targets.nextResponseMinutes ?? body.targets.firstResponseMinutes,
          resolutionMinutes: body.targets.resolutionMinutes,
        },
        warnAtPercent: body.warnAtPercent,
        escalations: body.escalations ?? seeded?.escalations ?? seededPolicies.at(-1)?.escalations ?? [],
      },
      expected,
      clock.now().toISOString(),
    );
  };
}
