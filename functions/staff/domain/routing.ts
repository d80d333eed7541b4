import {
  type Channel,
  type Priority,
  priorities,
  type Reason,
  type TicketType,
} from '../../kernel/ticket-kinds.js';
import { primaryLanguage } from './staff.js';

/**
 * Routing: ordered rules, the first that matches a new ticket sets its team and (raises) its
 * priority. Within a rule every condition given must hold; within a condition any listed value
 * does. Pure: the ticket core calls it at creation with the rules in force.
 */
export interface RoutingMatch {
  readonly types?: readonly TicketType[];
  readonly reasons?: readonly Reason[];
  readonly channels?: readonly Channel[];
  /** BCP 47 tags, matched on the primary subtag (`zh` matches `zh-CN`). */
  readonly languages?: readonly string[];
  readonly tiers?: readonly string[];
  /** Per currency, the order value (minor units) from which the rule applies. */
  readonly minOrderValue?: Readonly<Record<string, number>>;
  /** Classification labels; any one of them present matches. */
  readonly labels?: readonly string[];
}

export interface RoutingRule {
  readonly id: string;
  readonly name: string;
  readonly match: RoutingMatch;
  /** The team the ticket goes to; null leaves the team the ticket type implies. */
  readonly team: string | null;
  /** The priority it gets at least; null leaves it as it is. Rules never lower a priority. */
  readonly priority: Priority | null;
}

export interface RoutingRules {
  readonly rules: readonly RoutingRule[];
  readonly version: number;
  readonly updatedAt: string | null;
}

/** What routing looks at: known when a ticket is opened (order facts and classification included). */
export interface TicketFacts {
  readonly type: TicketType;
  readonly reason: Reason;
  readonly channel: Channel;
  readonly language: string;
  readonly customerTier: string;
  /** The order's total after discounts, minor units; null for tickets without an order. */
  readonly orderValue: number | null;
  readonly currency: string | null;
  readonly labels: readonly string[];
  /** The priority the ticket has before routing. */
  readonly priority: Priority;
}

export interface RoutingDecision {
  readonly team: string;
  readonly priority: Priority;
  readonly rule: { readonly id: string; readonly name: string } | null;
  /** For the timeline: "rule 'vip' matched tier=vip". */
  readonly reason: string;
}

/** Where a ticket goes when no rule names a team. */
export function defaultTeam(type: TicketType): string {
  return type === 'complaint' ? 'complaints' : 'support';
}

export const defaultRoutingRules: readonly RoutingRule[] = [
  {
    id: 'legal-threat',
    name: 'Legal threats: urgent, complaints team',
    match: { labels: ['legal_threat'] },
    team: 'complaints',
    priority: 'urgent',
  },
  { id: 'vip', name: 'VIP customers', match: { tiers: ['vip'] }, team: 'vip', priority: 'high' },
  {
    id: 'high-value',
    name: 'High-value orders',
    match: { minOrderValue: { CNY: 200_000, USD: 30_000, EUR: 30_000 } },
    team: 'vip',
    priority: 'high',
  },
  {
    id: 'complaints',
    name: 'Complaints',
    match: { types: ['complaint'] },
    team: 'complaints',
    priority: null,
  },
];

/** The conditions of `match` that `facts` meet, as `field=value` phrases; undefined if one fails. */
function matchedConditions(match: RoutingMatch, facts: TicketFacts): string[] | undefined {
  const met: string[] = [];
  const listed = <T extends string>(field: string, values: readonly T[] | undefined, value: T) => {
    if (values === undefined || values.length === 0) return true;
    if (!values.includes(value)) return false;
    met.push(`${field}=${value}`);
    return true;
  };
  if (!listed('type', match.types, facts.type)) return undefined;
  if (!listed('reason', match.reasons, facts.reason)) return undefined;
  if (!listed('channel', match.channels, facts.channel)) return undefined;
  if (!listed('tier', match.tiers, facts.customerTier)) return undefined;
  if (match.languages && match.languages.length > 0) {
    const language = primaryLanguage(facts.language);
    if (!match.languages.some((tag) => primaryLanguage(tag) === language)) return undefined;
    met.push(`language=${facts.language}`);
  }
  if (match.minOrderValue && Object.keys(match.minOrderValue).length > 0) {
    const threshold = facts.currency === null ? undefined : match.minOrderValue[facts.currency];
    if (threshold === undefined || facts.orderValue === null || facts.orderValue < threshold)
      return undefined;
    met.push(`orderValue=${facts.orderValue} ${facts.currency} >= ${threshold}`);
  }
  if (match.labels && match.labels.length > 0) {
    const found = match.labels.filter((label) => facts.labels.includes(label));
    if (found.length === 0) return undefined;
    met.push(...found.map((label) => `label=${label}`));
  }
  return met;
}

function atLeast(current: Priority, wanted: Priority | null): Priority {
  if (wanted === null) return current;
  return priorities.indexOf(wanted) > priorities.indexOf(current) ? wanted : current;
}

/** The first rule that matches decides; without one the ticket type's team and its own priority. */
export function route(facts: TicketFacts, rules: readonly RoutingRule[]): RoutingDecision {
  for (const rule of rules) {
    const met = matchedConditions(rule.match, facts);
    if (!met) continue;
    const team = rule.team ?? defaultTeam(facts.type);
    return {
      team,
      priority: atLeast(facts.priority, rule.priority),
      rule: { id: rule.id, name: rule.name },
      reason: `rule '${rule.id}' matched ${met.length > 0 ? met.join(', ') : 'every ticket'}`,
    };
  }
  const team = defaultTeam(facts.type);
  return {
    team,
    priority: facts.priority,
    rule: null,
    reason: `no rule matched; ${facts.type} tickets go to team ${team}`,
  };
}
