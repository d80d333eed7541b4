import type { Calendar } from './calendar.js';

export const slaMetrics = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaMetric = (typeof slaMetrics)[number];

export interface SlaTargets {
  readonly firstResponseMinutes: number;
  readonly nextResponseMinutes: number;
  readonly resolutionMinutes: number;
}

/**
 * One escalation level: fires `afterBreachMinutes` business minutes after a clock's breach,
 * once per (ticket, metric, level, SLA version).
 */
export interface EscalationLevel {
  readonly level: number;
  readonly afterBreachMinutes: number;
  readonly notify: readonly ('assignee' | 'supervisors')[];
  readonly raisePriority: boolean;
  /** Moves the ticket to this team's queue (and out of the assignee's). */
  readonly moveToTeam: string | null;
  /** Counts in the operations metric that pages on-call. */
  readonly alertOperations: boolean;
}

export interface SlaPolicyMatch {
  readonly types?: readonly string[] | undefined;
  readonly priorities?: readonly string[] | undefined;
  readonly tiers?: readonly string[] | undefined;
}

export interface SlaPolicy {
  readonly id: string;
  readonly name: string;
  readonly match: SlaPolicyMatch;
  /** Lower first; the first policy that matches applies. */
  readonly order: number;
  readonly calendar: Calendar;
  readonly targets: SlaTargets;
  readonly warnAtPercent: number;
  readonly escalations: readonly EscalationLevel[];
  readonly version: number;
  readonly updatedAt: string;
}

export const DEFAULT_POLICY_ID = 'default';

const standardEscalations: readonly EscalationLevel[] = [
  {
    level: 1,
    afterBreachMinutes: 0,
    notify: ['assignee'],
    raisePriority: false,
    moveToTeam: null,
    alertOperations: false,
  },
  {
    level: 2,
    afterBreachMinutes: 60,
    notify: ['supervisors'],
    raisePriority: true,
    moveToTeam: null,
    alertOperations: false,
  },
  {
    level: 3,
    afterBreachMinutes: 240,
    notify: ['supervisors'],
    raisePriority: true,
    moveToTeam: 'escalations',
    alertOperations: true,
  },
];

const seeded = (policy: Omit<SlaPolicy, 'version' | 'updatedAt'>): SlaPolicy => ({
  ...policy,
  version: 0,
  updatedAt: '1970-01-01T00:00:00.000Z',
});

/**
 * Policies that exist before an admin writes any. From the source documents: every after-sales
 * request is answered within 24 hours, complaints are handled within 48 hours. Our choices:
 * VIP customers (tier `vip`) get 4-hour responses and 24-hour resolution; everything else is
 * resolved within 72 hours; warnings at 75 %.
 */
export const seededPolicies: readonly SlaPolicy[] = [
  seeded({
    id: 'vip',
    name: 'VIP customers',
    match: { tiers: ['vip'] },
    order: 10,
    calendar: '24x7',
    targets: { firstResponseMinutes: 240, nextResponseMinutes: 240, resolutionMinutes: 1440 },
    warnAtPercent: 75,
    escalations: standardEscalations,
  }),
  seeded({
    id: 'complaints',
    name: 'Complaints',
    match: { types: ['complaint'] },
    order: 20,
    calendar: '24x7',
    targets: { firstResponseMinutes: 1440, nextResponseMinutes: 1440, resolutionMinutes: 2880 },
    warnAtPercent: 75,
    escalations: standardEscalations,
  }),
  seeded({
    id: DEFAULT_POLICY_ID,
    name: 'Default',
    match: {},
    order: 1_000_000,
    calendar: '24x7',
    targets: { firstResponseMinutes: 1440, nextResponseMinutes: 1440, resolutionMinutes: 4320 },
    warnAtPercent: 75,
    escalations: standardEscalations,
  }),
];

export interface TicketFacts {
  readonly type: string;
  readonly priority: string;
  readonly customerTier: string;
}

function fits(values: readonly string[] | undefined, value: string): boolean {
  return values === undefined || values.length === 0 || values.includes(value);
}

export function matches(policy: SlaPolicy, ticket: TicketFacts): boolean {
  return (
    fits(policy.match.types, ticket.type) &&
    fits(policy.match.priorities, ticket.priority) &&
    fits(policy.match.tiers, ticket.customerTier)
  );
}

/** Stored policies override seeded ones with the same id. */
export function effectivePolicies(stored: readonly SlaPolicy[]): SlaPolicy[] {
  const byId = new Map(seededPolicies.map((p) => [p.id, p]));
  for (const policy of stored) byId.set(policy.id, policy);
  return [...byId.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** The first matching policy by `order`; the default policy catches everything else. */
export function selectPolicy(policies: readonly SlaPolicy[], ticket: TicketFacts): SlaPolicy {
  const ordered = [...policies].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const found = ordered.find((policy) => policy.id !== DEFAULT_POLICY_ID && matches(policy, ticket));
  return (
    found ?? ordered.find((policy) => policy.id === DEFAULT_POLICY_ID) ?? (seededPolicies.at(-1) as SlaPolicy)
  );
}
