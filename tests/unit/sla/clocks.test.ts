import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priorities, ticketTypes } from '../../../functions/kernel/ticket-kinds.js';
import type { BusinessCalendar } from '../../../functions/sla/domain/calendar.js';
import {
  completeClock,
  nextDeadlines,
  observedState,
  pauseSla,
  reopenResolution,
  resumeSla,
  type SlaClock,
  type SlaState,
  startClock,
  startSla,
} from '../../../functions/sla/domain/clocks.js';
import { type SlaPolicy, seededPolicies, selectPolicy } from '../../../functions/sla/domain/policy.js';
import { HOUR, iso, MINUTE, plus, T0 } from '../../fixtures/builders.js';

function defaultPolicyFor(
  type: (typeof ticketTypes)[number],
  priority: (typeof priorities)[number] = 'normal',
) {
  return selectPolicy(seededPolicies, { type, priority, customerTier: 'standard' });
}

const inquiry = defaultPolicyFor('inquiry');

function clockOf(sla: SlaState, metric: keyof SlaState['clocks']): SlaClock {
  const clock = sla.clocks[metric];
  if (!clock) throw new Error(`no ${metric} clock`);
  return clock;
}

const shanghaiOfficeHours: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
  holidays: ['2026-12-25'],
};

describe('startSla', () => {
  it('gives every ticket type a 24-hour first response under the default targets', () => {
    // Prepare
    for (const type of ticketTypes) {
      for (const priority of priorities) {
        // Act
        const sla = startSla(defaultPolicyFor(type, priority), T0);

        // Assess
        expect(clockOf(sla, 'firstResponse').dueAt, `${type}/${priority}`).toBe(iso(T0, 24 * HOUR));
        expect(clockOf(sla, 'firstResponse').runningSince).toBe(T0.toISOString());
      }
    }
  });

  it('gives complaints a 48-hour resolution', () => {
    // Act
    const sla = startSla(defaultPolicyFor('complaint'), T0);

    // Assess
    expect(sla.policyId).toBe('complaints');
    expect(clockOf(sla, 'resolution').dueAt).toBe(iso(T0, 48 * HOUR));
    expect(clockOf(sla, 'resolution').targetMinutes).toBe(2880);
  });

  it('starts first response and resolution clocks only, warning at 75 % of the target', () => {
    // Act
    const sla = startSla(inquiry, T0);

    // Assess
    expect(Object.keys(sla.clocks).sort()).toEqual(['firstResponse', 'resolution']);
    expect(clockOf(sla, 'firstResponse').warnAt).toBe(iso(T0, 18 * HOUR));
    expect(clockOf(sla, 'resolution').warnAt).toBe(iso(T0, 0.75 * 72 * HOUR));
    expect(observedState(clockOf(sla, 'firstResponse'), T0)).toBe('running');
  });

  it('counts only business hours on a business calendar', () => {
    // Prepare: Friday 17:00 in Shanghai, a 2-hour target
    const policy: SlaPolicy = {
      ...inquiry,
      calendar: shanghaiOfficeHours,
      targets: { firstResponseMinutes: 120, nextResponseMinutes: 120, resolutionMinutes: 600 },
    };

    // Act
    const sla = startSla(policy, new Date('2026-11-20T09:00:00.000Z'));

    // Assess: 1 hour on Friday, 1 hour on Monday 09:00-10:00 (02:00Z)
    expect(clockOf(sla, 'firstResponse').dueAt).toBe('2026-11-23T02:00:00.000Z');
  });
});

describe('pauseSla and resumeSla', () => {
  it('shift dueAt and warnAt by exactly the paused time', () => {
    // Prepare
    const started = startSla(inquiry, T0);
    const pausedAt = plus(T0, 2 * HOUR);
    const resumedAt = plus(T0, 7 * HOUR);

    // Act
    const paused = pauseSla(started, pausedAt);
    const resumed = resumeSla(paused, resumedAt);

    // Assess
    for (const metric of ['firstResponse', 'resolution'] as const) {
      const before = clockOf(started, metric);
      const after = clockOf(resumed, metric);
      expect(Date.parse(after.dueAt) - Date.parse(before.dueAt), metric).toBe(5 * HOUR);
      expect(Date.parse(after.warnAt) - Date.parse(before.warnAt), metric).toBe(5 * HOUR);
      expect(after.runningSince).toBe(resumedAt.toISOString());
    }
  });

  it('stops the clock from counting while paused', () => {
    // Prepare
    const paused = pauseSla(startSla(inquiry, T0), plus(T0, 3 * HOUR));

    // Act
    const firstResponse = clockOf(paused, 'firstResponse');

    // Assess
    expect(firstResponse.runningSince).toBeNull();
    expect(firstResponse.elapsedMs).toBe(3 * HOUR);
    expect(observedState(firstResponse, plus(T0, 30 * HOUR))).toBe('paused');
  });

  it('leaves completed clocks alone', () => {
    // Prepare
    const answered = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));

    // Act
    const resumed = resumeSla(pauseSla(answered, plus(T0, 2 * HOUR)), plus(T0, 9 * HOUR));

    // Assess
    expect(resumed.clocks.firstResponse).toEqual(answered.clocks.firstResponse);
  });

  it('never make a deadline earlier, however often the clocks pause and resume', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SlaPolicy['calendar']>('24x7', shanghaiOfficeHours),
        fc.array(fc.integer({ min: 0, max: 5 * 24 * 60 }), { minLength: 1, maxLength: 8 }),
        (calendar, gapsInMinutes) => {
          // Prepare
          let sla = startSla({ ...inquiry, calendar }, T0);
          let now = T0;
          for (const [index, gap] of gapsInMinutes.entries()) {
            now = plus(now, gap * MINUTE);
            const before = sla;

            // Act
            sla = index % 2 === 0 ? pauseSla(sla, now) : resumeSla(sla, now);

            // Assess
            for (const metric of ['firstResponse', 'resolution'] as const) {
              expect(Date.parse(clockOf(sla, metric).dueAt)).toBeGreaterThanOrEqual(
                Date.parse(clockOf(before, metric).dueAt),
              );
              expect(Date.parse(clockOf(sla, metric).warnAt)).toBeGreaterThanOrEqual(
                Date.parse(clockOf(before, metric).warnAt),
              );
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keep the business time already elapsed across any pause (24x7)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 18 * 60 - 1 }),
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        (pauseAfter, pausedFor) => {
          // Prepare: pause before the first-response warning
          const started = startSla(inquiry, T0);
          const pausedAt = plus(T0, pauseAfter * MINUTE);

          // Act
          const resumed = resumeSla(pauseSla(started, pausedAt), plus(pausedAt, pausedFor * MINUTE));

          // Assess
          const before = clockOf(started, 'firstResponse');
          const after = clockOf(resumed, 'firstResponse');
          expect(Date.parse(after.dueAt) - Date.parse(before.dueAt)).toBe(pausedFor * MINUTE);
          expect(Date.parse(after.warnAt) - Date.parse(before.warnAt)).toBe(pausedFor * MINUTE);
        },
      ),
    );
  });
});

describe('completeClock', () => {
  it('marks a clock met when it completes on time', () => {
    // Act
    const sla = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, 23 * HOUR));

    // Assess
    const clock = clockOf(sla, 'firstResponse');
    expect(clock.completedAt).toBe(iso(T0, 23 * HOUR));
    expect(clock.breachedAt).toBeNull();
    expect(observedState(clock, plus(T0, 100 * HOUR))).toBe('met');
  });

  it('marks a clock breached when it completes late', () => {
    // Act
    const sla = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, 25 * HOUR));

    // Assess
    const clock = clockOf(sla, 'firstResponse');
    expect(clock.breachedAt).toBe(iso(T0, 25 * HOUR));
    expect(observedState(clock, plus(T0, 25 * HOUR))).toBe('breached');
  });

  it('counts a clock completed exactly at its deadline as met', () => {
    // Act
    const sla = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, 24 * HOUR));

    // Assess
    expect(observedState(clockOf(sla, 'firstResponse'), plus(T0, 24 * HOUR))).toBe('met');
  });

  it('completes a clock paused before its deadline as met, even after the original deadline', () => {
    // Prepare
    const paused = pauseSla(startSla(inquiry, T0), plus(T0, 10 * HOUR));

    // Act
    const sla = completeClock(paused, 'firstResponse', plus(T0, 40 * HOUR));

    // Assess
    const clock = clockOf(sla, 'firstResponse');
    expect(clock.elapsedMs).toBe(10 * HOUR);
    expect(observedState(clock, plus(T0, 40 * HOUR))).toBe('met');
  });

  it('leaves a completed clock as it is and touches no other clock', () => {
    // Prepare
    const once = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));

    // Act
    const twice = completeClock(once, 'firstResponse', plus(T0, 30 * HOUR));

    // Assess
    expect(twice.clocks.firstResponse).toEqual(once.clocks.firstResponse);
    expect(twice.clocks.resolution).toEqual(startSla(inquiry, T0).clocks.resolution);
  });

  it('keeps a fired breach when the clock then completes', () => {
    // Prepare
    const started = startSla(inquiry, T0);
    const breached: SlaState = {
      ...started,
      clocks: {
        ...started.clocks,
        firstResponse: { ...clockOf(started, 'firstResponse'), breachedAt: iso(T0, 24 * HOUR) },
      },
    };

    // Act
    const sla = completeClock(breached, 'firstResponse', plus(T0, 26 * HOUR));

    // Assess
    expect(clockOf(sla, 'firstResponse').breachedAt).toBe(iso(T0, 24 * HOUR));
  });
});

describe('observedState', () => {
  it('reports a running clock past its due time as breached', () => {
    // Prepare
    const clock = clockOf(startSla(inquiry, T0), 'firstResponse');

    // Act
    const before = observedState(clock, plus(T0, 24 * HOUR - 1));
    const after = observedState(clock, plus(T0, 24 * HOUR + 1));

    // Assess
    expect(before).toBe('running');
    expect(after).toBe('breached');
  });

  it('reports a paused clock whose breach already fired as breached', () => {
    // Prepare
    const clock: SlaClock = {
      ...clockOf(startSla(inquiry, T0), 'firstResponse'),
      breachedAt: iso(T0, 24 * HOUR),
      runningSince: null,
    };

    // Act
    const state = observedState(clock, plus(T0, 25 * HOUR));

    // Assess
    expect(state).toBe('breached');
  });

  // BUG (functions/sla/domain/clocks.ts, pauseSla ~l.118 / observedState ~l.201): a clock paused
  // after its deadline, before the sweeper fired the breach, reads as `paused`, leaves the
  // `breached` view, and on resume gets a new dueAt at the resume instant.
  it('reports a clock paused after its deadline as breached', () => {
    // Prepare: resolution is 30 s late when staff ask the customer, before the sweeper ran
    const answered = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));
    const paused = pauseSla(answered, plus(T0, 72 * HOUR + 30_000));

    // Act
    const state = observedState(clockOf(paused, 'resolution'), plus(T0, 80 * HOUR));

    // Assess
    expect(state).toBe('breached');
  });
});

describe('startClock', () => {
  it('does not restart a clock that is still open', () => {
    // Prepare
    const sla = startSla(inquiry, T0);

    // Act
    const again = startClock(sla, 'firstResponse', plus(T0, 5 * HOUR));

    // Assess
    expect(again).toBe(sla);
  });

  it('starts a fresh clock once the previous one completed', () => {
    // Prepare
    const answered = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));

    // Act
    const sla = startClock(answered, 'nextResponse', plus(T0, 2 * HOUR));

    // Assess
    expect(clockOf(sla, 'nextResponse').dueAt).toBe(iso(T0, 26 * HOUR));
    expect(clockOf(sla, 'nextResponse').completedAt).toBeNull();
  });
});

describe('reopenResolution', () => {
  it('runs the resolution clock on from where it stopped', () => {
    // Prepare: resolved after 10 hours, reopened 10 hours later
    const resolved = completeClock(startSla(inquiry, T0), 'resolution', plus(T0, 10 * HOUR));

    // Act
    const reopened = reopenResolution(resolved, plus(T0, 20 * HOUR));

    // Assess
    const clock = clockOf(reopened, 'resolution');
    expect(clock.completedAt).toBeNull();
    expect(clock.runningSince).toBe(iso(T0, 20 * HOUR));
    expect(clock.dueAt).toBe(iso(T0, (20 + 72 - 10) * HOUR));
    expect(observedState(clock, plus(T0, 21 * HOUR))).toBe('running');
  });

  it('touches no other clock and leaves an open resolution clock alone', () => {
    // Prepare
    const answered = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));

    // Act
    const reopened = reopenResolution(answered, plus(T0, 2 * HOUR));

    // Assess
    expect(reopened.clocks).toEqual(answered.clocks);
  });
});

describe('nextDeadlines', () => {
  it('picks the earliest due and warning times among running clocks', () => {
    // Prepare: first response met, next response owed from hour 2
    const answered = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));
    const sla = startClock(answered, 'nextResponse', plus(T0, 2 * HOUR));

    // Act
    const next = nextDeadlines(sla);

    // Assess
    expect(next).toEqual({ dueAt: iso(T0, 26 * HOUR), warnAt: iso(T0, 20 * HOUR) });
  });

  it('ignores met and paused clocks', () => {
    // Prepare
    const answered = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));
    const paused = pauseSla(answered, plus(T0, 2 * HOUR));

    // Act
    const next = nextDeadlines(paused);

    // Assess
    expect(next).toBeUndefined();
  });

  it('ignores a met clock whose deadline would come first', () => {
    // Prepare
    const answered = completeClock(startSla(inquiry, T0), 'firstResponse', plus(T0, HOUR));

    // Act
    const next = nextDeadlines(answered);

    // Assess
    expect(next).toEqual({ dueAt: iso(T0, 72 * HOUR), warnAt: iso(T0, 54 * HOUR) });
  });
});
