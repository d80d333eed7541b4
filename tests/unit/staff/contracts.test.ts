import { describe, expect, it } from 'vitest';
import { zodIssuesToFieldErrors } from '../../../functions/shared/http/validation.js';
import {
  putAvailabilityRequestSchema,
  putRoutingRulesRequestSchema,
  putStaffRequestSchema,
  putTeamRequestSchema,
} from '../../../functions/staff/contracts/staff.js';

const pathsOf = (result: { success: boolean; error?: { issues: never[] } }) =>
  result.success ? [] : zodIssuesToFieldErrors(result.error?.issues ?? []).map((error) => error.path);

describe('staff contracts', () => {
  it('accepts a staff record and fills the defaults', () => {
    const parsed = putStaffRequestSchema().parse({
      name: 'Lin',
      email: 'lin@example.com',
      languages: ['zh-CN'],
      capacity: 5,
      roles: ['agent'],
    });
    expect(parsed).toMatchObject({ locale: 'en', teams: [], skills: [], available: true, calendar: '24x7' });
  });

  it('names every bad field of a staff record, unknown ones included', () => {
    const result = putStaffRequestSchema().safeParse({
      name: '',
      email: 'not-mail',
      teams: ['Support!', 'vip', 'vip'],
      languages: [],
      skills: ['teleport'],
      capacity: -1,
      roles: ['boss'],
      calendar: { timezone: 'Mars/Olympus', weekly: { mon: [['09:00', '18:00']] } },
      colour: 'blue',
    });
    expect(pathsOf(result as never)).toEqual(
      expect.arrayContaining([
        'name',
        'email',
        'teams.0',
        'languages',
        'skills.0',
        'capacity',
        'roles.0',
        'calendar.timezone',
        'colour',
      ]),
    );
  });

  it('names duplicates by position', () => {
    const result = putStaffRequestSchema().safeParse({
      name: 'Lin',
      email: 'lin@example.com',
      teams: ['vip', 'vip'],
      languages: ['en'],
      capacity: 1,
      roles: ['agent', 'agent'],
    });
    expect(pathsOf(result as never)).toEqual(['teams.1', 'roles.1']);
  });

  it('takes only a boolean availability', () => {
    expect(putAvailabilityRequestSchema().parse({ available: false })).toEqual({ available: false });
    expect(
      pathsOf(putAvailabilityRequestSchema().safeParse({ available: 'yes', until: 1 }) as never),
    ).toEqual(['available', 'until']);
  });

  it('names every bad field of a team, and refuses `me` as a staff id', () => {
    const result = putTeamRequestSchema().safeParse({
      name: ' ',
      members: ['agent-1', 'me', 'agent-1'],
      supervisors: ['bad id'],
      calendar: 'weekdays',
    });
    expect(pathsOf(result as never)).toEqual(
      expect.arrayContaining(['name', 'members.1', 'members.2', 'supervisors.0', 'calendar']),
    );
  });

  it('names every bad field of the routing rules', () => {
    const result = putRoutingRulesRequestSchema().safeParse({
      rules: [
        { id: 'vip', name: 'VIP', match: { tiers: ['vip'] }, team: 'vip', priority: 'high' },
        { id: 'vip', name: 'Again', match: { labels: ['Legal Threat'] }, team: 'complaints' },
        { id: 'noop', name: 'Does nothing', match: { minOrderValue: { cny: 1.5 } } },
        { id: 'x', name: 'X', match: { weather: ['rain'] }, priority: 'asap' },
      ],
    });
    expect(pathsOf(result as never)).toEqual(
      expect.arrayContaining([
        'rules.1.id',
        'rules.1.match.labels.0',
        'rules.2.match.minOrderValue.cny',
        'rules.2.team',
        'rules.3.match.weather',
        'rules.3.priority',
      ]),
    );
  });
});
