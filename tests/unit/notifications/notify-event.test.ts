import { describe, expect, it } from 'vitest';
import { checkReplyAddress } from '../../../functions/notifications/domain/reply-address.js';
import { makeFlushDigest } from '../../../functions/notifications/use-cases/flush-digest.js';
import { makeNotifyEvent } from '../../../functions/notifications/use-cases/notify-event.js';
import { verifySurveyToken } from '../../../functions/tickets/domain/survey-token.js';
import { event, fakeDeps, NOW, ticket } from './support.js';

describe('makeNotifyEvent: customers', () => {
  it('mails the ticket’s customer in their language, from MAIL_FROM, with what happens next', async () => {
    const { deps, mailer } = fakeDeps([ticket()]);

    const outcome = await makeNotifyEvent(deps)(event());

    expect(outcome).toMatchObject({ sent: 1, duplicates: 0 });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ from: 'redress@shop.example', to: 'ann@example.com' });
    expect(mailer.sent[0]?.subject).toContain('我们已收到您的退款申请');
    expect(mailer.sent[0]?.text).toContain('2026年11月25日');
  });

  it('falls back to English when the locale is not one we write', async () => {
    const { deps, mailer } = fakeDeps([ticket({ locale: 'fr-FR' })]);

    await makeNotifyEvent(deps)(event());

    expect(mailer.sent[0]?.subject).toContain('We received your refund request');
  });

  it('sends nothing twice for a redelivered event', async () => {
    const { deps, mailer } = fakeDeps([ticket()]);
    const notify = makeNotifyEvent(deps);
    const created = event();

    await notify(created);
    const again = await notify(created);

    expect(again).toMatchObject({ sent: 0, duplicates: 1 });
    expect(mailer.sent).toHaveLength(1);
  });

  it('releases the claim when the send fails, so that the retry sends exactly once', async () => {
    const { deps, mailer } = fakeDeps([ticket()]);
    const notify = makeNotifyEvent(deps);
    const created = event();
    mailer.failures.push(
      Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }),
    );

    await expect(notify(created)).rejects.toThrow('Maximum sending rate exceeded.');
    await notify(created);
    await notify(created);

    expect(mailer.sent).toHaveLength(1);
  });

  it('fails a delivery while another one holds a fresh claim, and takes over a stale one', async () => {
    const { deps, mailer, sentLog, clock } = fakeDeps([ticket()]);
    const notify = makeNotifyEvent(deps);
    const created = event();
    sentLog.entries.set(`${created.id}#ann@example.com`, { status: 'sending', at: NOW.getTime() });

    await expect(notify(created)).rejects.toThrow(/being sent by another delivery/);
    clock.current = new Date(NOW.getTime() + 5 * 60_000);
    await notify(created);

    expect(mailer.sent).toHaveLength(1);
  });

  it('mails public staff replies but not the customer’s own messages or internal notes', async () => {
    const { deps, mailer } = fakeDeps([ticket()]);
    const notify = makeNotifyEvent(deps);

    await notify(
      event({
        type: 'MessageAdded',
        actor: { id: 'c-1', role: 'customer' },
        data: { body: 'Hi', internal: false },
      }),
    );
    await notify(
      event({
        type: 'MessageAdded',
        actor: { id: 'agent-1', role: 'agent' },
        visibility: 'internal',
        data: { body: 'note', internal: true },
      }),
    );
    await notify(
      event({
        type: 'MessageAdded',
        actor: { id: 'agent-1', role: 'agent' },
        data: { body: 'We are on it.', internal: false },
      }),
    );

    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.text).toContain('We are on it.');
  });

  it('sends nothing to a suppressed address, and nothing when the ticket has no address', async () => {
    const { deps, mailer, suppressions } = fakeDeps([ticket(), ticket({ id: 't-2', customerEmail: null })]);
    await suppressions.suppress('ANN@example.com');

    const suppressed = await makeNotifyEvent(deps)(event());
    const noAddress = await makeNotifyEvent(deps)(event({ ticketId: 't-2' }));

    expect(suppressed.suppressed).toBe(1);
    expect(noAddress.sent).toBe(0);
    expect(mailer.sent).toHaveLength(0);
  });

  it('sends nothing to an erased customer, whatever address the ticket still names', async () => {
    const { deps, mailer, erased } = fakeDeps([ticket(), ticket({ id: 't-2', customerId: 'c-2' })]);
    erased.add('c-1');

    const skipped = await makeNotifyEvent(deps)(event());
    const other = await makeNotifyEvent(deps)(
      event({ ticketId: 't-2', actor: { id: 'c-2', role: 'customer' } }),
    );

    expect(skipped).toMatchObject({ sent: 0, suppressed: 1 });
    expect(other.sent).toBe(1);
    expect(mailer.sent.map((mail) => mail.to)).toEqual(['ann@example.com']);
  });

  it('puts a signed survey token for this ticket and customer into the survey email, not the resolved one', async () => {
    const { deps, mailer } = fakeDeps([
      ticket({ status: 'resolved', resolvedAt: NOW.toISOString(), autoCloseAt: '2026-12-01T08:00:00.000Z' }),
    ]);

    await makeNotifyEvent(deps)(
      event({
        type: 'TicketResolved',
        actor: { id: 'agent-1', role: 'agent' },
        data: { summary: 'Refunded.' },
      }),
    );
    await makeNotifyEvent(deps)(
      event({
        type: 'SurveyRequested',
        actor: { id: 'system', role: 'system' },
        data: { dueAt: NOW.toISOString() },
      }),
    );

    expect(mailer.sent).toHaveLength(2);
    expect(mailer.sent[0]?.text).not.toContain('token=');
    const token = /token=([\w.-]+)&score=5/.exec(mailer.sent[1]?.text ?? '')?.[1] ?? '';
    expect(verifySurveyToken(token, 'test-secret', NOW)).toEqual({
      ok: true,
      claims: expect.objectContaining({ ticketId: 't-1', customerId: 'c-1' }),
    });
  });

  it('refuses an event whose data does not match the catalog, for the DLQ to keep', async () => {
    const { deps } = fakeDeps([ticket()]);

    await expect(makeNotifyEvent(deps)(event({ type: 'TicketRejected', data: {} }))).rejects.toThrow();
  });
});

describe('makeNotifyEvent: the reply address', () => {
  const reply = { domain: 'reply.shop.example', secret: 'reply-secret' };

  it('gives customer email the ticket’s signed reply address as its Reply-To', async () => {
    const { deps, mailer } = fakeDeps([ticket()]);

    await makeNotifyEvent({ ...deps, settings: { ...deps.settings, reply } })(event());

    const replyTo = mailer.sent[0]?.replyTo ?? '';
    expect(replyTo).toMatch(/^reply\+t-1\.[0-9a-f]{20}@reply\.shop\.example$/);
    expect(checkReplyAddress(replyTo, reply.secret, reply.domain)).toEqual({
      kind: 'valid',
      ticketId: 't-1',
    });
    expect(mailer.sent[0]?.text).toContain('您可以直接回复本邮件');
  });

  it('gives staff email no Reply-To, and customer email none while replies are off', async () => {
    const staffSide = fakeDeps([ticket({ assigneeId: 'agent-1' })]);
    const off = fakeDeps([ticket()]);

    await makeNotifyEvent({ ...staffSide.deps, settings: { ...staffSide.deps.settings, reply } })(
      event({
        type: 'SlaWarning',
        visibility: 'internal',
        actor: { id: 'sla', role: 'system' },
        data: { metric: 'firstResponse', dueAt: '2026-11-25T08:00:00.000Z' },
      }),
    );
    await makeNotifyEvent(off.deps)(event());

    expect(staffSide.mailer.sent).toHaveLength(1);
    expect(staffSide.mailer.sent[0]?.replyTo).toBeUndefined();
    expect(off.mailer.sent[0]?.replyTo).toBeUndefined();
  });

  it('remembers whom a new ticket’s email goes to, for mail to the support address', async () => {
    const { deps, known } = fakeDeps([ticket()]);

    await makeNotifyEvent(deps)(event());
    await makeNotifyEvent(deps)(event({ type: 'MessageAdded', data: { body: 'Hi', internal: false } }));

    expect([...known]).toEqual([['ann@example.com', { customerId: 'c-1', locale: 'zh-CN' }]]);
  });
});

describe('makeNotifyEvent: staff', () => {
  const warning = (overrides = {}) =>
    event({
      type: 'SlaWarning',
      visibility: 'internal',
      actor: { id: 'sla', role: 'system' },
      data: { metric: 'firstResponse', dueAt: '2026-11-25T08:00:00.000Z' },
      ...overrides,
    });

  it('warns the assignee, or the supervisors of the team when nobody is assigned', async () => {
    const assigned = fakeDeps([ticket({ assigneeId: 'agent-1' })]);
    const unassigned = fakeDeps([ticket()]);

    await makeNotifyEvent(assigned.deps)(warning());
    await makeNotifyEvent(unassigned.deps)(warning());

    expect(assigned.mailer.sent.map((m) => m.to)).toEqual(['agent-1@shop.example']);
    expect(assigned.mailer.sent[0]?.subject).toContain('SLA warning: first response due');
    expect(unassigned.mailer.sent.map((m) => m.to)).toEqual(['sup-1@shop.example']);
  });

  it('notifies whom the escalation level names, falling back to supervisors of every team', async () => {
    const { deps, mailer } = fakeDeps([ticket({ assigneeId: 'agent-1', team: 'escalations' })]);

    await makeNotifyEvent(deps)(
      event({
        type: 'TicketEscalated',
        visibility: 'internal',
        data: {
          level: 3,
          trigger: 'sla',
          note: null,
          notify: ['assignee', 'supervisors'],
          team: 'escalations',
        },
      }),
    );

    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['agent-1@shop.example', 'sup-9@shop.example']);
  });

  it('holds a 3 a.m. warning for a digest at the start of the day, then sends one digest once', async () => {
    const night = new Date('2026-11-23T19:00:00.000Z'); // Tue 03:00 in Shanghai
    const { deps, mailer, digests, clock } = fakeDeps([ticket({ assigneeId: 'agent-2' })], night);
    const notify = makeNotifyEvent(deps);
    const flush = makeFlushDigest(deps);

    const first = await notify(warning());
    await notify(warning({ data: { metric: 'resolution', dueAt: '2026-11-26T08:00:00.000Z' } }));
    const early = await flush({ address: 'agent-2@shop.example', sendAt: '2026-11-24T01:00:00.000Z' });
    clock.current = new Date('2026-11-24T01:00:05.000Z');
    const due = await flush({ address: 'agent-2@shop.example', sendAt: '2026-11-24T01:00:00.000Z' });
    const repeated = await flush({ address: 'agent-2@shop.example', sendAt: '2026-11-24T01:00:00.000Z' });

    expect(first.held).toBe(1);
    expect(digests.wakeUps).toHaveLength(2); // one for the hold, one re-armed by the early wake-up
    expect([early, due, repeated]).toEqual(['waiting', 'sent', 'empty']);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.subject).toBe('您离开期间的 2 条工单提醒');
    expect(mailer.sent[0]?.text).toContain('SLA 预警');
  });

  it('pages at night for a breach of an urgent ticket', async () => {
    const night = new Date('2026-11-23T19:00:00.000Z');
    const { deps, mailer } = fakeDeps([ticket({ assigneeId: 'agent-2', priority: 'urgent' })], night);

    const outcome = await makeNotifyEvent(deps)(
      event({
        type: 'SlaBreached',
        visibility: 'internal',
        data: { metric: 'firstResponse', dueAt: night.toISOString() },
      }),
    );

    expect(outcome.sent).toBe(1);
    expect(mailer.sent[0]?.subject).toContain('SLA 已超时');
  });
});
