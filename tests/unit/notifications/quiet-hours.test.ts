import { describe, expect, it } from 'vitest';
import { deliverAt, isUrgentStaffAlert } from '../../../functions/notifications/domain/quiet-hours.js';
import type { BusinessCalendar } from '../../../functions/sla/domain/calendar.js';

const shanghaiOffice: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
  holidays: ['2026-11-27'],
};

describe('deliverAt', () => {
  it('sends at once inside working hours', () => {
    const now = new Date('2026-11-24T03:00:00.000Z'); // Tue 11:00 in Shanghai

    expect(deliverAt(shanghaiOffice, now, false)).toEqual(now);
  });

  it('holds a warning at 3 a.m. until the office opens', () => {
    const now = new Date('2026-11-23T19:00:00.000Z'); // Tue 03:00 in Shanghai

    expect(deliverAt(shanghaiOffice, now, false).toISOString()).toBe('2026-11-24T01:00:00.000Z');
  });

  it('skips weekends and holidays', () => {
    const thursdayEvening = new Date('2026-11-26T11:00:00.000Z'); // Thu 19:00; Fri is a holiday

    expect(deliverAt(shanghaiOffice, thursdayEvening, false).toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });

  it('sends urgent alerts whatever the hour, and never holds on a 24x7 calendar', () => {
    const night = new Date('2026-11-23T19:00:00.000Z');

    expect(deliverAt(shanghaiOffice, night, true)).toEqual(night);
    expect(deliverAt('24x7', night, false)).toEqual(night);
  });
});

describe('isUrgentStaffAlert', () => {
  it('treats breaches and escalations of urgent tickets, and operations alerts, as urgent; warnings never', () => {
    expect(isUrgentStaffAlert('SlaBreached', 'urgent', {})).toBe(true);
    expect(isUrgentStaffAlert('TicketEscalated', 'normal', { alertOperations: true })).toBe(true);
    expect(isUrgentStaffAlert('SlaBreached', 'high', {})).toBe(false);
    expect(isUrgentStaffAlert('SlaWarning', 'urgent', { alertOperations: true })).toBe(false);
  });
});
