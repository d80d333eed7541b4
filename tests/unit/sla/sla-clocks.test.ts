import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../../functions/sla/domain/calendar.js';
import {
  applyPolicy,
  completeClock,
  fireDuePoints,
  observedState,
  pauseSla,
  pendingPoints,
  resumeSla,
  startClock,
  startSla,
} from '../../../functions/sla/domain/clocks.js';
import { type SlaPolicy, seededPolicies, selectPolicy } from '../../../functions/sla/domain/policy.js';

const MINUTE = 60_000;
const t0 = new Date('2026-11-24T08:00:00Z');
const plus = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

const policy = (overrides: Partial<SlaPolicy> = {}): SlaPolicy => ({
  id: 'p',
  name: 'p',
  match: {},
  order: 1,
  calendar: '24x7',
  targets: { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 240 },
  warnAtPercent: 75,
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
      afterBreachMinutes: 30,
      notify: ['supervisors'],
      raisePriority: true,
      moveToTeam: null,
      alertOperations: false,
    },
  ],
  version: 1,
  updatedAt: t0.toISOString(),
  ...overrides,
});

const office: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weekly: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
  holidays: ['2026-12-25'],
};

describe('SLA clocks', () => {
  it('starts first response and resolution with their targets and warnings', () => {
    const sla = startSla(policy(), t0);

    expect(sla.clocks.firstResponse).toMatchObject({
      dueAt: plus(60).toISOString(),
      warnAt: plus(45).toISOString(),
    });
    expect(sla.clocks.resolution?.dueAt).toBe(plus(240).toISOString());
    expect(sla.clocks.nextResponse).toBeUndefined();
  });

  it('moves deadlines back by exactly the time spent paused', () => {
    const paused = pauseSla(startSla(policy(), t0), plus(10));
    const resumed = resumeSla(paused, plus(50));

    expect(observedState(paused.clocks.firstResponse!, plus(20))).toBe('paused');
    expect(resumed.clocks.firstResponse?.dueAt).toBe(plus(100).toISOString());
    expect(resumed.clocks.resolution?.dueAt).toBe(plus(280).toISOString());
  });

  it('never makes a deadline earlier by pausing, whatever the pauses and calendar', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 })), {
          maxLength: 5,
        }),
        fc.constantFrom<BusinessCalendar | '24x7'>('24x7', office),
        (pauses, calendar) => {
          let sla = startSla(policy({ calendar }), t0);
          const original = Date.parse(sla.clocks.resolution!.dueAt);
          let clock = 0;
          for (const [runFor, pauseFor] of pauses) {
            clock += runFor;
            sla = pauseSla(sla, plus(clock));
            clock += pauseFor;
            sla = resumeSla(sla, plus(clock));
            expect(Date.parse(sla.clocks.resolution!.dueAt)).toBeGreaterThanOrEqual(original);
          }
        },
      ),
    );
  });

  it('completes on time as met and late as breached', () => {
    const sla = startSla(policy(), t0);

    expect(
      observedState(completeClock(sla, 'firstResponse', plus(59)).clocks.firstResponse!, plus(500)),
    ).toBe('met');
    expect(
      observedState(completeClock(sla, 'firstResponse', plus(61)).clocks.firstResponse!, plus(500)),
    ).toBe('breached');
  });

  it('counts a clock completed while paused by its business time only', () => {
    const paused = pauseSla(startSla(policy(), t0), plus(50));

    const completed = completeClock(paused, 'firstResponse', plus(500));

    expect(observedState(completed.clocks.firstResponse!, plus(500))).toBe('met');
  });

  it('owes a next response from the oldest unanswered customer message', () => {
    const first = startClock(startSla(policy(), t0), 'nextResponse', plus(10));
    const again = startClock(first, 'nextResponse', plus(20));

    expect(again.clocks.nextResponse?.dueAt).toBe(plus(40).toISOString());
  });

  it('fires warning, breach and each escalation level once, in order', () => {
    let sla = startSla(policy(), t0);
    const fired: string[] = [];
    for (const minute of [44, 45, 60, 61, 89, 90, 91, 200]) {
      const result = fireDuePoints(sla, plus(minute));
      sla = result.sla;
      fired.push(
        ...result.fired.filter((p) => p.metric === 'firstResponse').map((p) => `${minute}:${p.kind}`),
      );
    }

    expect(fired).toEqual(['45:warning', '60:breach', '60:L1', '90:L2']);
    expect(observedState(sla.clocks.firstResponse!, plus(200))).toBe('breached');
    expect(pendingPoints(sla).filter((p) => p.metric === 'firstResponse')).toEqual([]);
  });

  it('fires nothing for a paused clock, however late', () => {
    const sla = pauseSla(startSla(policy(), t0), plus(5));

    expect(fireDuePoints(sla, plus(10_000)).fired).toEqual([]);
  });

  it('keeps elapsed business time when moved onto a new policy, and may fire again under it', () => {
    let sla = startSla(policy(), t0);
    sla = fireDuePoints(sla, plus(50)).sla; // warning fired at 45
    const stricter = policy({
      version: 2,
      targets: { firstResponseMinutes: 40, nextResponseMinutes: 30, resolutionMinutes: 240 },
    });

    const moved = applyPolicy(sla, stricter, plus(50));

    expect(moved.policyVersion).toBe(2);
    // 50 minutes already ran against a 40-minute target: the clock is due at once.
    expect(moved.clocks.firstResponse?.dueAt).toBe(plus(50).toISOString());
    expect(moved.clocks.resolution?.dueAt).toBe(plus(240).toISOString());
    expect(fireDuePoints(moved, plus(51)).fired.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['warning', 'breach', 'L1']),
    );
  });
});

describe('selectPolicy', () => {
  it('picks the first match by order and falls back to the default', () => {
    expect(
      selectPolicy(seededPolicies, { type: 'complaint', priority: 'normal', customerTier: 'standard' }).id,
    ).toBe('complaints');
    expect(
      selectPolicy(seededPolicies, { type: 'complaint', priority: 'normal', customerTier: 'vip' }).id,
    ).toBe('vip');
    expect(
      selectPolicy(seededPolicies, { type: 'refund', priority: 'low', customerTier: 'standard' }).id,
    ).toBe('default');
  });

  it('answers after-sales requests within 24 hours and resolves complaints within 48 hours by default', () => {
    const complaints = selectPolicy(seededPolicies, {
      type: 'complaint',
      priority: 'normal',
      customerTier: 'standard',
    });
    const refunds = selectPolicy(seededPolicies, {
      type: 'refund',
      priority: 'normal',
      customerTier: 'standard',
    });

    expect(refunds.targets.firstResponseMinutes).toBe(24 * 60);
    expect(complaints.targets.resolutionMinutes).toBe(48 * 60);
  });
});
