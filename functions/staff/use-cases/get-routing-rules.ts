import type { RoutingRuleRepository } from '../domain/ports.js';

/** The routing rules in force, in order (the defaults until an admin saves some). */
export function makeGetRoutingRules({ rules }: { readonly rules: RoutingRuleRepository }) {
  return () => rules.current();
}
