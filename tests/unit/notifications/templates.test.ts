import { describe, expect, it } from 'vitest';
import { mailLocales } from '../../../functions/notifications/domain/locale.js';
import { renderEmail } from '../../../functions/notifications/domain/render.js';
import {
  type CustomerMailKind,
  customerEmail,
  customerMailKinds,
  digestEmail,
  type EventData,
  type StaffMailKind,
  staffEmail,
  staffMailKinds,
  ticketRef,
} from '../../../functions/notifications/domain/templates/index.js';
import { facts, NOW } from './support.js';

/** One realistic payload per event, as the catalog describes it. */
const customerData: { [K in CustomerMailKind]: EventData<K> } = {
  TicketCreated: {
    type: 'refund',
    status: 'requested',
    reason: 'defective',
    channel: 'web',
    orderId: 'o-1',
    items: [{ sku: 'KETTLE-1', name: 'Electric kettle', quantity: 1, unitPrice: 12900 }],
  },
  TicketApproved: { note: 'Approved under the defective-goods rule.' },
  TicketRejected: { reason: 'The photos show damage from a fall.' },
  PickupBooked: {
    carrier: 'SF Express',
    bookingId: 'SF-778812',
    window: { from: '2026-11-26T01:00:00.000Z', to: '2026-11-26T05:00:00.000Z' },
  },
  ReturnShipped: { carrier: 'SF Express', trackingNumber: 'SF1234567890' },
  ReturnReceived: { note: 'Box intact.' },
  InspectionCompleted: { result: 'accepted', note: 'Leak confirmed.' },
  RefundIssued: { amount: 12900, currency: 'CNY' },
  RefundFailed: { amount: 12900, currency: 'CNY', code: 'declined' },
  InfoRequested: { message: 'Please send a photo of the base.', from: 'requested' },
  MessageAdded: { body: 'Sorry about that, we are checking it now.', internal: false },
  TicketResolved: { summary: 'Refunded in full.' },
  SurveyRequested: { dueAt: '2026-11-26T08:00:00.000Z' },
  TicketReopened: { reason: 'customer replied' },
  TicketCancelled: { reason: 'Found the receipt' },
  TicketClosed: { from: 'resolved', automatic: true },
  ComplaintAcknowledged: { team: 'complaints' },
  ReturnAuthorized: { returnMethod: 'dropoff' },
  OutboundShipped: { kind: 'replacement', carrier: 'SF Express', trackingNumber: 'SF0000000001' },
  RepairStarted: { note: 'Replacing the heating element.' },
  RepairCompleted: { note: null },
  ReturnShipmentReminder: { rule: 'customerShipReminder', shipBy: '2026-12-01T10:00:00.000Z' },
  TicketAppealed: { reason: 'The photos show the crack.' },
  TicketMergedIn: { mergedFrom: '5f0c2a9e-1111-4222-8333-944445555666', messages: 3, releasedUnits: 1 },
};

const staffData: { [K in StaffMailKind]: EventData<K> } = {
  SlaWarning: { metric: 'firstResponse', dueAt: '2026-11-25T08:00:00.000Z' },
  SlaBreached: { metric: 'resolution', dueAt: '2026-11-27T08:00:00.000Z' },
  TicketEscalated: {
    level: 2,
    trigger: 'sla',
    note: null,
    metric: 'resolution',
    notify: ['supervisors'],
    priority: 'high',
    team: 'support',
    alertOperations: false,
  },
  RefundAttentionNeeded: {
    amount: 12900,
    currency: 'CNY',
    reason: 'HTTP 422: card account closed',
    attempt: 1,
  },
  ApprovalEscalated: {
    from: 'agent',
    to: 'supervisor',
    amount: 899900,
    currency: 'CNY',
    requestedBy: 'agent-1',
  },
  WorkflowStuck: { step: 'payment', status: 'refunding', since: '2026-11-24T08:00:00.000Z', redrives: 3 },
};

const survey = {
  csat: (score: number) => `https://shop.example/survey?token=abc&score=${score}`,
  nps: (score: number) => `https://shop.example/survey?token=abc&nps=${score}`,
};

describe('customer templates', () => {
  for (const locale of mailLocales) {
    for (const kind of customerMailKinds) {
      it(`renders ${kind} in ${locale} with subject, HTML, text and what happens next`, () => {
        const content = customerEmail({
          kind,
          locale,
          ticket: facts(),
          data: customerData[kind] as never,
          at: NOW.toISOString(),
          ticketUrl: 'https://shop.example/tickets/3f2a9c1e',
          survey: kind === 'SurveyRequested' ? survey : null,
        });
        const email = renderEmail(content, locale);

        expect(email.subject).toContain(ticketRef(facts().id));
        expect(email.subject).not.toMatch(/[\r\n]/);
        expect(content.next).toBeTruthy();
        expect(email.html).toContain(`<html lang="${locale}">`);
        expect(email.text).toContain(content.next ?? '');
        expect(email.text).toContain('https://shop.example/tickets/3f2a9c1e');
        expect(email.html).not.toMatch(/undefined|null|NaN|\[object Object\]/);
        expect(email.text).not.toMatch(/undefined|null|NaN|\[object Object\]/);
        if (locale === 'zh-CN') expect(email.text).toMatch(/[\u4e00-\u9fff]/);
        else expect(email.text).not.toMatch(/[\u4e00-\u9fff]/);
      });
    }
  }

  it('says by when in the reader’s own time zone and currency', () => {
    const zh = renderEmail(
      customerEmail({
        kind: 'TicketCreated',
        locale: 'zh-CN',
        ticket: facts(),
        data: customerData.TicketCreated,
        at: NOW.toISOString(),
        ticketUrl: null,
        survey: null,
      }),
      'zh-CN',
    );
    const en = renderEmail(
      customerEmail({
        kind: 'RefundIssued',
        locale: 'en',
        ticket: facts(),
        data: customerData.RefundIssued,
        at: NOW.toISOString(),
        ticketUrl: null,
        survey: null,
      }),
      'en',
    );

    // 08:00 UTC is 16:00 in Shanghai.
    expect(zh.text).toContain('2026年11月25日');
    expect(zh.text).toContain('16:00');
    expect(en.subject).toContain('CN¥129.00');
    expect(en.text).toContain('1 Dec 2026');
  });

  it('carries the CSAT and NPS links in the survey email; the resolved email only announces it', () => {
    const context = {
      locale: 'en',
      ticket: facts({ status: 'resolved' }),
      at: NOW.toISOString(),
      ticketUrl: null,
      survey,
    } as const;
    const surveyEmail = renderEmail(
      customerEmail({ ...context, kind: 'SurveyRequested', data: customerData.SurveyRequested }),
      'en',
    );
    const resolved = renderEmail(
      customerEmail({ ...context, kind: 'TicketResolved', data: customerData.TicketResolved }),
      'en',
    );

    for (const score of [1, 5]) expect(surveyEmail.html).toContain(`token=abc&amp;score=${score}"`);
    for (const score of [0, 10]) expect(surveyEmail.text).toContain(`token=abc&nps=${score}`);
    expect(resolved.text).toContain('short survey');
    expect(resolved.text).not.toContain('token=');
  });

  it('points to the ticket page when the survey has no links (no APP_URL)', () => {
    const content = customerEmail({
      kind: 'SurveyRequested',
      locale: 'zh-CN',
      ticket: facts({ status: 'resolved' }),
      data: customerData.SurveyRequested,
      at: NOW.toISOString(),
      ticketUrl: null,
      survey: null,
    });

    expect(renderEmail(content, 'zh-CN').text).toContain('工单页面');
    expect(content.next).toBeNull();
  });

  it('drops dates it does not know instead of writing a wrong one', () => {
    const content = customerEmail({
      kind: 'TicketCreated',
      locale: 'en',
      ticket: facts({ firstResponseDueAt: null, resolutionDueAt: null }),
      data: customerData.TicketCreated,
      at: NOW.toISOString(),
      ticketUrl: null,
      survey: null,
    });

    expect(content.next).toBe('An agent will reply soon.');
  });
});

describe('staff templates', () => {
  for (const locale of mailLocales) {
    for (const kind of staffMailKinds) {
      it(`renders ${kind} in ${locale} in the recipient's time zone`, () => {
        const email = renderEmail(
          staffEmail({
            kind,
            locale,
            ticket: facts({ priority: 'high' }),
            data: staffData[kind] as never,
            at: NOW.toISOString(),
            recipientName: 'Sam',
            timezone: 'Asia/Shanghai',
            ticketUrl: 'https://shop.example/tickets/3f2a9c1e',
          }),
          locale,
        );

        expect(email.subject).toContain(ticketRef(facts().id));
        expect(email.text).toContain('Sam');
        expect(email.text).toContain(facts().id);
        if (kind === 'SlaWarning' || kind === 'SlaBreached') expect(email.text).toContain('16:00');
        if (kind === 'RefundAttentionNeeded') expect(email.text).toContain('retry_refund');
        expect(email.text).not.toMatch(/undefined|null|NaN/);
      });
    }

    it(`renders a digest in ${locale}`, () => {
      const email = renderEmail(
        digestEmail({
          locale,
          timezone: 'Asia/Shanghai',
          recipientName: '王芳',
          entries: [
            { ticketId: 't-1', summary: 'SLA warning: first response due …', at: '2026-11-24T19:00:00.000Z' },
            {
              ticketId: 't-2',
              summary: 'SLA breached: resolution was due …',
              at: '2026-11-24T20:00:00.000Z',
            },
          ],
        }),
        locale,
      );

      expect(email.subject).toContain('2');
      expect(email.text).toContain(ticketRef('t-1'));
      expect(email.text).toContain(ticketRef('t-2'));
    });
  }
});
