import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAssignee, type TicketToAssign } from '../../../functions/assignment/domain/assignment.js';
import { ticketTypes } from '../../../functions/kernel/ticket-kinds.js';
import type { StaffMember } from '../../../functions/staff/domain/staff.js';

const agent = (id: string, overrides: Partial<StaffMember> = {}): StaffMember => ({
  id,
  name: id,
  email: `${id}@example.com`,
  locale: 'en',
  teams: ['support'],
  languages: ['en', 'zh-CN'],
  skills: [...ticketTypes],
  capacity: 5,
  available: true,
  roles: ['agent'],
  calendar: '24x7',
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});
const ticket = (overrides: Partial<TicketToAssign> = {}): TicketToAssign => ({
  id: 't-1',
  type: 'refund',
  language: 'zh-CN',
  lastAssigneeId: null,
  ...overrides,
});
const loads = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('chooseAssignee', () => {
  it('picks the available agent with the fewest open tickets and says why', () => {
    const decision = chooseAssignee(
      'support',
      [agent('a'), agent('b'), agent('c')],
      loads({ a: 3, b: 2, c: 4 }),
      ticket(),
    );
    expect(decision).toEqual({
      kind: 'assign',
      team: 'support',
      assigneeId: 'b',
      load: 2,
      capacity: 5,
      reason: 'fewest open tickets (2 of 5) among 3 available agents with skill refund, language zh',
    });
  });

  it('breaks ties by the most room, then by id', () => {
    expect(chooseAssignee('support', [agent('b'), agent('a')], loads({}), ticket())).toMatchObject({
      assigneeId: 'a',
    });
    expect(
      chooseAssignee('support', [agent('a'), agent('b', { capacity: 8 })], loads({}), ticket()),
    ).toMatchObject({ assigneeId: 'b' });
  });

  it('leaves out agents who are away, lack the skill or the language, or sit in another team', () => {
    const members = [
      agent('away', { available: false }),
      agent('no-skill', { skills: ['return'] }),
      agent('english', { languages: ['en'] }),
      agent('other-team', { teams: ['vip'] }),
      agent('supervisor', { roles: ['supervisor'] }),
      agent('right', {}),
    ];
    const loaded = loads({ right: 4 });
    expect(chooseAssignee('support', members, loaded, ticket())).toMatchObject({ assigneeId: 'right' });
  });

  it('queues the ticket when every matching agent is at capacity, naming them', () => {
    expect(chooseAssignee('support', [agent('a'), agent('b')], loads({ a: 5, b: 5 }), ticket())).toEqual({
      kind: 'queue',
      team: 'support',
      reason:
        'all 2 available agents with skill refund, language zh are at capacity; waiting in the support queue',
    });
    expect(chooseAssignee('support', [agent('a', { available: false })], loads({}), ticket())).toMatchObject({
      kind: 'queue',
      reason:
        'no available agent in team support with skill refund, language zh; waiting in the support queue',
    });
  });

  it('drops the language when nobody with the skill in the team speaks it', () => {
    expect(chooseAssignee('support', [agent('a')], loads({}), ticket({ language: 'fr' }))).toMatchObject({
      assigneeId: 'a',
      reason:
        'fewest open tickets (0 of 5) among 1 available agent with skill refund, any language (nobody speaks fr)',
    });
  });

  it('gives a reopened ticket back to its last assignee when they are available with room', () => {
    const members = [agent('a'), agent('b')];
    expect(
      chooseAssignee('support', members, loads({ a: 0, b: 4 }), ticket({ lastAssigneeId: 'b' })),
    ).toMatchObject({
      assigneeId: 'b',
      reason: 'reopened: back to the last assignee b (4 of 5 open)',
    });
    expect(
      chooseAssignee('support', members, loads({ a: 0, b: 5 }), ticket({ lastAssigneeId: 'b' })),
    ).toMatchObject({
      assigneeId: 'a',
      reason:
        'last assignee b cannot take it; fewest open tickets (0 of 5) among 2 available agents with skill refund, language zh',
    });
  });

  const member = fc.record({
    available: fc.boolean(),
    capacity: fc.integer({ min: 0, max: 6 }),
    skills: fc.subarray([...ticketTypes]),
    languages: fc.subarray(['en', 'zh-CN', 'fr'], { minLength: 1 }),
    teams: fc.subarray(['support', 'vip']),
    agent: fc.boolean(),
    load: fc.integer({ min: 0, max: 7 }),
  });
  const desk = fc.array(member, { maxLength: 8 }).map((entries) =>
    entries.map((entry, index) => ({
      member: agent(`m-${index}`, {
        available: entry.available,
        capacity: entry.capacity,
        skills: entry.skills,
        languages: entry.languages,
        teams: entry.teams,
        roles: entry.agent ? ['agent'] : ['supervisor'],
      }),
      load: entry.load,
    })),
  );
  const toAssign = fc.record({
    id: fc.constant('t'),
    type: fc.constantFrom(...ticketTypes),
    language: fc.constantFrom('en', 'zh', 'fr', 'de'),
    lastAssigneeId: fc.option(fc.constantFrom('m-0', 'm-1', 'm-9'), { nil: null }),
  });

  it('never picks someone away, at capacity, without the skill, or no agent; queues only when nobody fits', () => {
    fc.assert(
      fc.property(desk, toAssign, (entries, wanted) => {
        const members = entries.map((entry) => entry.member);
        const loadMap = new Map(entries.map((entry) => [entry.member.id, entry.load]));
        const decision = chooseAssignee('support', members, loadMap, wanted);
        const fits = (m: StaffMember) =>
          m.available && m.roles.includes('agent') && (loadMap.get(m.id) ?? 0) < m.capacity;
        if (decision.kind === 'assign') {
          const chosen = members.find((m) => m.id === decision.assigneeId) as StaffMember;
          expect(fits(chosen)).toBe(true);
          expect(decision.load).toBe(loadMap.get(chosen.id));
          if (chosen.id !== wanted.lastAssigneeId) {
            expect(chosen.skills).toContain(wanted.type);
            expect(chosen.teams).toContain('support');
            // Nobody eligible had fewer open tickets.
            for (const other of members) {
              if (fits(other) && other.skills.includes(wanted.type) && other.teams.includes('support')) {
                const speaksIt = other.languages.some((l) => l.split('-')[0] === wanted.language);
                if (speaksIt) expect(loadMap.get(other.id) ?? 0).toBeGreaterThanOrEqual(decision.load);
              }
            }
          }
        } else {
          const anyFits = members.some(
            (m) => fits(m) && m.skills.includes(wanted.type) && m.teams.includes('support'),
          );
          const lastFits = members.some((m) => m.id === wanted.lastAssigneeId && fits(m));
          expect(lastFits).toBe(false);
          if (anyFits) {
            // Someone with room and the skill exists: only the language can keep them out.
            const speaker = members.some(
              (m) =>
                m.skills.includes(wanted.type) &&
                m.teams.includes('support') &&
                m.roles.includes('agent') &&
                m.languages.some((l) => l.split('-')[0] === wanted.language),
            );
            expect(speaker).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
