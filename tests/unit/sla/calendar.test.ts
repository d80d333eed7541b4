import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMsBetween,
} from '../../../functions/sla/domain/calendar.js';

// General business-time behaviour is covered in business-time.test.ts; these are the days on
// which the clocks change.

const HOUR = 3_600_000;

const berlinEveryDay: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
    sat: [['09:00', '18:00']],
    sun: [['09:00', '18:00']],
  },
  holidays: [],
};

// BUG (functions/sla/domain/calendar.ts l.39-40, workingStretches): opening and closing times
// are laid out with `day.plus({ minutes })`, which luxon applies as absolute time, so on the day
// the clocks change 09:00-18:00 becomes 10:00-19:00 (spring) or 08:00-17:00 (autumn) local time.
describe('addBusinessMinutes on a daylight-saving change day', () => {
  it('opens at 09:00 local time on the day summer time starts', () => {
    // Prepare: Sunday 29 March 2026, Berlin moves from CET to CEST at 02:00
    const start = new Date('2026-03-28T18:00:00.000Z');

    // Act
    const due = addBusinessMinutes(berlinEveryDay, start, 1);

    // Assess: 09:01 CEST
    expect(due.toISOString()).toBe('2026-03-29T07:01:00.000Z');
  });

  it('opens at 09:00 local time on the day summer time ends', () => {
    // Prepare: Sunday 25 October 2026, Berlin moves from CEST to CET at 03:00
    const start = new Date('2026-10-24T18:00:00.000Z');

    // Act
    const due = addBusinessMinutes(berlinEveryDay, start, 1);

    // Assess: 09:01 CET
    expect(due.toISOString()).toBe('2026-10-25T08:01:00.000Z');
  });
});

describe('businessMsBetween on a daylight-saving change day', () => {
  it('counts no business time before 09:00 local time on the day summer time ends', () => {
    // Prepare: 08:00-09:00 CET on Sunday 25 October 2026 is before opening
    const from = new Date('2026-10-25T07:00:00.000Z');
    const to = new Date('2026-10-25T08:00:00.000Z');

    // Act
    const span = businessMsBetween(berlinEveryDay, from, to);

    // Assess
    expect(span / HOUR).toBe(0);
  });
});
