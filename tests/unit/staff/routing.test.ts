import { describe, expect, it } from 'vitest';
import {
  defaultRoutingRules,
  type RoutingRule,
  route,
  type TicketFacts,
} from '../../../functions/staff/domain/routing.js';

const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  type: 'refund',
  reason: 'defective',
  channel: 'web',
  language: 'en',
  customerTier: 'standard',
  orderValue: 12_900,
  currency: 'CNY',
  labels: [],
  priority: 'normal',
  ...overrides,
});

describe('route', () => {
  it('sends a VIP customer to the vip team with high priority and says which rule matched', () => {
    expect(route(facts({ customerTier: 'vip' }), defaultRoutingRules)).toEqual({
      team: 'vip',
      priority: 'high',
      rule: { id: 'vip', name: 'VIP customers' },
      reason: "rule 'vip' matched tier=vip",
    });
  });

  it('sends a high-value order to the vip team from the threshold of its currency', () => {
    const decision = route(facts({ orderValue: 200_000 }), defaultRoutingRules);
    expect(decision).toMatchObject({ team: 'vip', priority: 'high', rule: { id: 'high-value' } });
    expect(decision.reason).toBe("rule 'high-value' matched orderValue=200000 CNY >= 200000");
    expect(route(facts({ orderValue: 199_999 }), defaultRoutingRules).rule).toBeNull();
    expect(route(facts({ orderValue: 500_000, currency: 'JPY' }), defaultRoutingRules).rule).toBeNull();
    expect(route(facts({ orderValue: null, currency: null }), defaultRoutingRules).rule).toBeNull();
  });

  it('makes a legal threat urgent in the complaints team, ahead of the VIP lane', () => {
    const decision = route(
      facts({ customerTier: 'vip', labels: ['quality', 'legal_threat'] }),
      defaultRoutingRules,
    );
    expect(decision).toMatchObject({ team: 'complaints', priority: 'urgent', rule: { id: 'legal-threat' } });
    expect(decision.reason).toBe("rule 'legal-threat' matched label=legal_threat");
  });

  it('sends complaints to the complaints team without changing their priority', () => {
    expect(route(facts({ type: 'complaint', reason: 'service' }), defaultRoutingRules)).toMatchObject({
      team: 'complaints',
      priority: 'normal',
      reason: "rule 'complaints' matched type=complaint",
    });
  });

  it('falls back to the team of the ticket type when no rule matches', () => {
    expect(route(facts(), defaultRoutingRules)).toEqual({
      team: 'support',
      priority: 'normal',
      rule: null,
      reason: 'no rule matched; refund tickets go to team support',
    });
    expect(route(facts({ type: 'complaint' }), []).team).toBe('complaints');
  });

  it('never lowers a priority the ticket already has', () => {
    expect(route(facts({ customerTier: 'vip', priority: 'urgent' }), defaultRoutingRules).priority).toBe(
      'urgent',
    );
  });

  it('requires every condition of a rule and any value within one, languages by primary subtag', () => {
    const rules: RoutingRule[] = [
      {
        id: 'zh-returns',
        name: 'Chinese returns on the app',
        match: { types: ['return', 'exchange'], channels: ['app'], languages: ['zh'] },
        team: 'support-zh',
        priority: null,
      },
    ];
    expect(route(facts({ type: 'return', channel: 'app', language: 'zh-CN' }), rules)).toMatchObject({
      team: 'support-zh',
      reason: "rule 'zh-returns' matched type=return, channel=app, language=zh-CN",
    });
    expect(route(facts({ type: 'return', channel: 'web', language: 'zh-CN' }), rules).rule).toBeNull();
    expect(route(facts({ type: 'return', channel: 'app', language: 'en' }), rules).rule).toBeNull();
  });

  it('takes the first matching rule in order, and a rule without a team keeps the type team', () => {
    const rules: RoutingRule[] = [
      { id: 'late', name: 'Late', match: { reasons: ['late_delivery'] }, team: null, priority: 'high' },
      { id: 'all', name: 'All', match: {}, team: 'vip', priority: 'low' },
    ];
    expect(route(facts({ reason: 'late_delivery' }), rules)).toMatchObject({
      team: 'support',
      priority: 'high',
      rule: { id: 'late' },
    });
    expect(route(facts(), rules)).toMatchObject({
      team: 'vip',
      priority: 'normal',
      reason: "rule 'all' matched every ticket",
    });
  });
});
