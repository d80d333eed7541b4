import type { Clock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import type { PutRoutingRulesRequest } from '../contracts/staff.js';
import type { RoutingRuleRepository, StaffRepository } from '../domain/ports.js';

/** Replaces the ordered routing rules (admins); every team a rule names must exist. */
export function makePutRoutingRules({
  rules,
  staff,
  clock,
}: {
  readonly rules: RoutingRuleRepository;
  readonly staff: StaffRepository;
  readonly clock: Clock;
}) {
  return async (request: PutRoutingRulesRequest) => {
    const [current, teams] = await Promise.all([rules.current(), staff.listTeams()]);
    const known = new Set(teams.map((team) => team.id));
    const errors = request.rules.flatMap((rule, index) =>
      rule.team === null || known.has(rule.team)
        ? []
        : [{ path: `rules.${index}.team`, message: `No team ${rule.team}.` }],
    );
    if (errors.length > 0) throw new ValidationError(errors);
    return rules.save(request.rules, request.version ?? current.version, clock.now().toISOString());
  };
}
