import { describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../../functions/sla/domain/policy.js';
import { seededPolicies } from '../../../functions/sla/domain/policy.js';
import { ticketsConfig } from '../../../functions/tickets/config.js';
import { openTicket } from '../../../functions/tickets/domain/open-ticket.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';
import {
  fireTimers,
  retentionTimerDue,
  settleTicket,
  ticketNextDueAt,
} from '../../../functions/tickets/domain/timers.js';
import { openInput } from '../../fixtures/builders.js';

const MINUTE = 60_000;
const t0 = new Date('2026-11-24T08:00:00Z');
const plus = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

const tight: SlaPolicy = {
  id: 'tight',
  name: 'tight',
  match: {},
  order: 1,
  calendar: '24x7',
  targets: { firstResponseMinutes: 10, nextResponseMinutes: 10, resolutionMinutes: 100 },
  warnAtPercent: 50,
  escalations: [
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
      afterBreachMinutes: 5,
      notify: ['supervisors'],
      raisePriority: true,
      moveToTeam: null,
      alertOperations: false,
    },
    {
      level: 3,
      afterBreachMinutes: 10,
      notify: ['supervisors'],
      raisePriority: true,
      moveToTeam: 'escalations',
      alertOperations: true,
    },
  ],
  version: 1,
  updatedAt: t0.toISOString(),
};

function inquiry(): Ticket {
  return openTicket(
    openInput({ customerEmail: null, locale: null, description: 'Question', policyFor: () => tight }),
    t0,
  ).ticket;
}

describe('the survey timer', () => {
  const settings = { autoCloseDays: 7, surveyDelayMinutes: 30 };
  const policies = seededPolicies.concat(tight);
  const resolve = (ticket: Ticket, at: Date) =>
    settleTicket(
      { ...ticket, status: 'resolved', resolvedAt: at.toISOString(), updatedAt: at.toISOString() },
      policies,
      settings,
      at,
    );

  it('falls due SURVEY_DELAY_MINUTES after the resolution, before the automatic close, and fires once', () => {
    const resolved = resolve(inquiry(), plus(10));

    expect(resolved.survey).toEqual({ dueAt: plus(40).toISOString(), sentAt: null });
    expect(ticketNextDueAt(resolved)).toBe(plus(40).toISOString());
    expect(fireTimers(resolved, new Date(plus(40).getTime() - 1)).events).toEqual([]);
    const fired = fireTimers(resolved, plus(41));
    expect(fired.events).toEqual([
      { type: 'SurveyRequested', visibility: 'public', data: { dueAt: plus(40).toISOString() } },
    ]);
    expect(fired.ticket.survey).toEqual({ dueAt: plus(40).toISOString(), sentAt: plus(41).toISOString() });
    // Settling again keeps it sent; the next timer is the close.
    const settled = settleTicket(fired.ticket, policies, settings, plus(42));
    expect(settled.survey?.sentAt).toBe(plus(41).toISOString());
    expect(ticketNextDueAt(settled)).toBe(settled.autoCloseAt);
    expect(fireTimers(settled, plus(60)).events).toEqual([]);
  });

  it('is dropped by a reopen and starts over from the next resolution', () => {
    const resolved = resolve(inquiry(), plus(10));
    const reopened = settleTicket(
      { ...resolved, status: 'open', resolvedAt: null },
      policies,
      settings,
      plus(20),
    );
    const again = resolve(reopened, plus(50));

    expect(reopened.survey).toBeNull();
    expect(fireTimers(reopened, plus(41)).events.map((e) => e.type)).not.toContain('SurveyRequested');
    expect(again.survey).toEqual({ dueAt: plus(80).toISOString(), sentAt: null });
    expect(fireTimers(again, plus(79)).events).toEqual([]);
    expect(fireTimers(again, plus(80)).events.map((e) => e.type)).toEqual(['SurveyRequested']);
  });

  it('is dropped when the customer rated first, or the ticket ended', () => {
    const resolved = resolve(inquiry(), plus(10));
    const satisfaction = {
      score: 4,
      nps: null,
      comment: null,
      ratedAt: plus(15).toISOString(),
      assigneeId: null,
      via: 'account',
    } as const;
    const rated = { ...resolved, satisfaction };
    const closedAt = plus(20).toISOString();

    expect(fireTimers(rated, plus(41)).events).toEqual([]);
    expect(ticketNextDueAt(rated)).toBe(resolved.autoCloseAt);
    expect(settleTicket(rated, policies, settings, plus(16)).survey).toBeNull();
    expect(
      settleTicket({ ...resolved, status: 'closed', closedAt }, policies, settings, plus(20)).survey,
    ).toBeNull();
  });

  it('reads SURVEY_DELAY_MINUTES, 1440 by default (fractions for local tests), and refuses nonsense', () => {
    const minutes = (value: string | undefined) =>
      ticketsConfig.parse({ SURVEY_DELAY_MINUTES: value }).surveyDelayMinutes;

    expect(minutes(undefined)).toBe(1440);
    expect(minutes('0.05')).toBe(0.05);
    expect(() => minutes('0')).toThrow(/SURVEY_DELAY_MINUTES/);
    expect(() => minutes('a day')).toThrow(/SURVEY_DELAY_MINUTES/);
  });

  it('leaves tickets that never were resolved without the field', () => {
    expect(settleTicket(inquiry(), policies, settings, t0)).not.toHaveProperty('survey');
  });
});

describe('ticket timers', () => {
  it('exposes the earliest pending point as the next due time', () => {
    expect(ticketNextDueAt(inquiry())).toBe(plus(5).toISOString());
  });

  it('escalates level by level: raises priority at L2, moves to the escalation team at L3', () => {
    let ticket: Ticket = { ...inquiry(), assigneeId: 'agent-1' };
    const types: string[] = [];
    for (const minute of [5, 10, 15, 20]) {
      const transition = fireTimers(ticket, plus(minute));
      ticket = transition.ticket;
      types.push(
        ...transition.events.map(
          (e) => `${e.type}${e.type === 'TicketEscalated' && e.data.level ? `:${e.data.level}` : ''}`,
        ),
      );
    }

    expect(types.filter((t) => !t.startsWith('SlaWarning'))).toEqual(
      expect.arrayContaining(['SlaBreached', 'TicketEscalated:1', 'TicketEscalated:2', 'TicketEscalated:3']),
    );
    expect(ticket.priority).toBe('urgent');
    expect(ticket.team).toBe('escalations');
    expect(ticket.assigneeId).toBeNull();
    expect(ticket.escalationLevel).toBe(3);
  });

  it('fires nothing the second time for the same moment', () => {
    const once = fireTimers(inquiry(), plus(10));
    const twice = fireTimers(once.ticket, plus(10));

    expect(once.events.length).toBeGreaterThan(0);
    expect(twice.events).toEqual([]);
  });

  it('closes a resolved ticket automatically after the configured days, and not before', () => {
    const resolved = settleTicket(
      { ...inquiry(), status: 'resolved', resolvedAt: t0.toISOString() },
      seededPolicies.concat(tight),
      { autoCloseDays: 7 },
      t0,
    );

    expect(resolved.autoCloseAt).toBe(new Date(t0.getTime() + 7 * 24 * 60 * MINUTE).toISOString());
    // The survey (a day after, by default) goes first.
    const surveyed = fireTimers(resolved, plus(24 * 60)).ticket;
    expect(ticketNextDueAt(surveyed)).toBe(resolved.autoCloseAt);
    expect(fireTimers(surveyed, plus(6 * 24 * 60)).events).toEqual([]);
    const closed = fireTimers(surveyed, plus(7 * 24 * 60));
    expect(closed.ticket.status).toBe('closed');
    expect(closed.events[0]).toMatchObject({ type: 'TicketClosed', data: { automatic: true } });
    expect(ticketNextDueAt(closed.ticket)).toBeNull();
  });

  it('gives an ended ticket one timer, its retention, RETENTION_DAYS after it closed; a reopened one drops it', () => {
    // Prepare
    const settings = { autoCloseDays: 7, retentionDays: 30 };
    const closedAt = plus(60).toISOString();
    const closed = settleTicket(
      { ...inquiry(), status: 'closed', closedAt, updatedAt: closedAt },
      seededPolicies.concat(tight),
      settings,
      plus(60),
    );
    const cancelled = settleTicket(
      { ...inquiry(), status: 'cancelled', updatedAt: closedAt },
      seededPolicies.concat(tight),
      settings,
      plus(60),
    );

    // Act
    const reopened = settleTicket(
      { ...closed, status: 'open', closedAt: null },
      seededPolicies.concat(tight),
      settings,
      plus(90),
    );

    // Assess
    const due = new Date(Date.parse(closedAt) + 30 * 24 * 60 * MINUTE);
    expect(closed.retentionDueAt).toBe(due.toISOString());
    expect(ticketNextDueAt(closed)).toBe(due.toISOString());
    expect(cancelled.retentionDueAt).toBe(due.toISOString());
    expect(retentionTimerDue(closed, new Date(due.getTime() - 1))).toBe(false);
    expect(retentionTimerDue(closed, due)).toBe(true);
    // Nothing fires on the ticket itself: the privacy context erases it.
    expect(fireTimers(closed, due).events).toEqual([]);
    expect(reopened.retentionDueAt).toBeNull();
    expect(retentionTimerDue(reopened, due)).toBe(false);
    expect(ticketNextDueAt(reopened)).not.toBe(due.toISOString());
    // Without RETENTION_DAYS (tools, tests of other rules) an ended ticket has no timer.
    const { retentionDueAt: _, ...unset } = closed;
    expect(ticketNextDueAt(settleTicket(unset, seededPolicies, { autoCloseDays: 7 }, due))).toBeNull();
  });

  it('moves a ticket onto the policy that matches after its priority changes', () => {
    const urgentOnly: SlaPolicy = { ...tight, id: 'urgent', match: { priorities: ['urgent'] }, order: 0 };
    const ticket = settleTicket(inquiry(), [urgentOnly, ...seededPolicies], { autoCloseDays: 7 }, t0);
    const raised = settleTicket(
      { ...ticket, priority: 'urgent' },
      [urgentOnly, ...seededPolicies],
      { autoCloseDays: 7 },
      plus(1),
    );

    expect(ticket.sla.policyId).toBe('default');
    expect(raised.sla.policyId).toBe('urgent');
  });
});
