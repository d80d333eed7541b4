import { describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../functions/email/adapters/mail-parser.postal-mime.js';
import { makeReceiveEmail } from '../../../functions/email/use-cases/receive-email.js';
import { replyAddressFor } from '../../../functions/notifications/domain/reply-address.js';
import { makeCreateTicket } from '../../../functions/tickets/use-cases/create-ticket.js';
import { makePostMessage } from '../../../functions/tickets/use-cases/post-message.js';
import { aTicket, HOUR, plus, T0, ticketDeps } from '../../fixtures/builders.js';
import { FakeMailer, FakeSentLog, FakeSuppressions } from '../notifications/support.js';

const SECRET = 'reply-secret';
const DOMAIN = 'reply.shop.example';
const SUPPORT = 'support@reply.shop.example';
const TICKET = '79540bc0-1f2e-4d3c-8b4a-5f6e7d8c9b0a';
const REPLY = replyAddressFor(TICKET, SECRET, DOMAIN);

function setup() {
  const tickets = ticketDeps();
  tickets.tickets.seed(aTicket({ id: TICKET, customerId: 'c-1', customerEmail: 'Ann@Example.com' }));
  tickets.clock.set(plus(T0, 2 * HOUR));
  const mailer = new FakeMailer();
  const sentLog = new FakeSentLog();
  const suppressions = new FakeSuppressions();
  const known = new Map([['ann@example.com', { customerId: 'c-1', locale: 'zh-CN' }]]);
  const erased = new Set<string>();
  const receive = makeReceiveEmail({
    parser: new PostalMimeParser(),
    tickets: tickets.tickets,
    postMessage: makePostMessage(tickets),
    createTicket: makeCreateTicket(tickets),
    addressBook: { find: async (address) => known.get(address.toLowerCase()) },
    erased: { isErased: async (customerId) => erased.has(customerId) },
    suppressions,
    mailer,
    sentLog,
    clock: tickets.clock,
    settings: {
      from: 'redress@shop.example',
      addressing: { reply: { domain: DOMAIN, secret: SECRET }, supportAddress: SUPPORT },
      maxBytes: 64 * 1024,
    },
  });
  const messages = () => tickets.tickets.timeline(TICKET).filter((event) => event.type === 'MessageAdded');
  return { tickets, receive, mailer, suppressions, erased, messages };
}

function mail(options: {
  from?: string;
  to?: string;
  id?: string;
  subject?: string;
  body: string;
  extra?: string;
}) {
  const raw = [
    `From: Ann Lee <${options.from ?? 'ann@example.com'}>`,
    `To: ${options.to ?? REPLY}`,
    `Subject: ${options.subject ?? 'Re: [#79540BC0] We received your refund request'}`,
    `Message-ID: <${options.id ?? 'm-1@mail.example.com'}>`,
    'MIME-Version: 1.0',
    ...(options.extra ? [options.extra] : []),
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body,
  ].join('\r\n');
  return { raw: new TextEncoder().encode(raw), authenticated: true };
}

const reply =
  'The base is cracked.\n\nOn Thu, Dec 3, 2026 at 10:02 AM Redress <redress@shop.example> wrote:\n> Hello';

describe('makeReceiveEmail: replies', () => {
  it('posts the reply, without its quoted history, as the customer’s message', async () => {
    const { receive, messages, mailer } = setup();

    const outcome = await receive(mail({ body: reply }));

    expect(outcome).toMatchObject({ outcome: 'posted', ticketId: TICKET });
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatchObject({
      actor: { id: 'c-1', role: 'customer' },
      visibility: 'public',
      data: { body: 'The base is cracked.', internal: false },
    });
    expect(mailer.sent).toHaveLength(0);
  });

  it('posts a mail delivered twice once, by its Message-ID', async () => {
    const { receive, messages } = setup();

    const first = await receive(mail({ body: reply }));
    const again = await receive(mail({ body: reply }));

    expect(again).toEqual(first);
    expect(messages()).toHaveLength(1);
  });

  it('bounces a forged signature and a stranger, and posts nothing', async () => {
    const { receive, messages, mailer } = setup();
    const forged = `reply+${TICKET}.00000000000000000000@${DOMAIN}`;

    const outcomes = [
      await receive(mail({ to: forged, body: 'Hi', id: 'm-2@x' })),
      await receive(mail({ from: 'eve@example.net', body: 'Hi', id: 'm-3@x' })),
    ];

    expect(outcomes).toEqual([
      { outcome: 'bounced', reason: 'unknown-address' },
      { outcome: 'bounced', reason: 'not-customer' },
    ]);
    expect(messages()).toHaveLength(0);
    expect(mailer.sent.map((sent) => sent.to)).toEqual(['ann@example.com', 'eve@example.net']);
    expect(mailer.sent[0]?.subject).toContain('Your email was not delivered / 您的邮件未能送达');
  });

  it('bounces a reply address of a ticket that does not exist, like a forged one', async () => {
    const { receive, mailer } = setup();
    const missing = replyAddressFor('00000000-0000-4000-8000-000000000000', SECRET, DOMAIN);

    const outcome = await receive(mail({ to: missing, body: 'Hi' }));

    expect(outcome).toEqual({ outcome: 'bounced', reason: 'unknown-address' });
    expect(mailer.sent[0]?.text).toContain('does not belong to any of our tickets');
  });

  it('sends no bounce to a suppressed address, to machine mail, nor for unauthenticated mail', async () => {
    const { receive, suppressions, mailer } = setup();
    await suppressions.suppress('eve@example.net');

    const outcomes = [
      await receive(mail({ from: 'eve@example.net', body: 'Hi', id: 'a@x' })),
      await receive(
        mail({ from: 'bot@example.org', body: 'Hi', id: 'b@x', extra: 'Auto-Submitted: auto-replied' }),
      ),
      await receive({
        ...mail({ from: 'mallory@example.org', body: 'Hi', id: 'c@x' }),
        authenticated: false,
      }),
    ];

    expect(outcomes).toEqual([
      { outcome: 'dropped', reason: 'suppressed', bounce: 'not-customer' },
      { outcome: 'dropped', reason: 'automatic', bounce: 'not-customer' },
      { outcome: 'dropped', reason: 'unauthenticated' },
    ]);
    expect(mailer.sent).toHaveLength(0);
  });

  it('bounces an empty reply and an oversized mail', async () => {
    const { receive, messages } = setup();

    const empty = await receive(mail({ body: '\r\nOn Thu, Redress wrote:\r\n> Hello', id: 'e@x' }));
    const large = await receive(mail({ body: 'x'.repeat(70 * 1024), id: 'l@x' }));

    expect(empty).toEqual({ outcome: 'bounced', reason: 'empty' });
    expect(large).toEqual({ outcome: 'bounced', reason: 'too-large' });
    expect(messages()).toHaveLength(0);
  });

  it('notes attachments in the message instead of adding them', async () => {
    const { receive, messages } = setup();
    const raw = [
      'From: ann@example.com',
      `To: ${REPLY}`,
      'Subject: photo',
      'Message-ID: <p@x>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Here is the photo.',
      '--b',
      'Content-Type: image/jpeg; name="crack.jpg"',
      'Content-Disposition: attachment; filename="crack.jpg"',
      'Content-Transfer-Encoding: base64',
      '',
      '/9j/4AAQSkZJRg==',
      '--b--',
      '',
    ].join('\r\n');

    await receive({ raw: new TextEncoder().encode(raw), authenticated: true });

    expect(messages()[0]?.data).toMatchObject({
      body: expect.stringMatching(/^Here is the photo\.\n\n\[1 attachment\(s\) not added/),
    });
  });

  it('bounces a reply to a closed ticket', async () => {
    const { receive, tickets } = setup();
    const stored = await tickets.tickets.get(TICKET);
    if (!stored) throw new Error('seeded');
    tickets.tickets.seed({ ...stored, status: 'closed' });

    expect(await receive(mail({ body: 'Hello again' }))).toEqual({
      outcome: 'bounced',
      reason: 'ticket-closed',
    });
  });
});

describe('makeReceiveEmail: the support address', () => {
  it('opens an inquiry with the subject and body for a known customer', async () => {
    const { receive, tickets } = setup();

    const outcome = await receive(
      mail({
        to: SUPPORT,
        subject: '水壶是 220V 的吗？',
        body: '请问这款水壶支持 220V 吗？\n\n发自我的iPhone',
        id: 'q@x',
      }),
    );

    expect(outcome).toMatchObject({ outcome: 'opened' });
    const opened = await tickets.tickets.get(outcome.outcome === 'opened' ? outcome.ticketId : '');
    expect(opened).toMatchObject({
      type: 'inquiry',
      customerId: 'c-1',
      channel: 'email',
      subject: '水壶是 220V 的吗？',
      description: '请问这款水壶支持 220V 吗？',
      customerEmail: 'ann@example.com',
      locale: 'zh-CN',
    });
    expect(await receive(mail({ to: SUPPORT, subject: 'x', body: 'y', id: 'q@x' }))).toEqual(outcome);
  });

  it('bounces an unknown or erased sender and opens nothing', async () => {
    const { receive, erased, tickets, mailer } = setup();
    const before = tickets.tickets.writes;

    const stranger = await receive(mail({ to: SUPPORT, from: 'bob@example.org', body: 'Hi', id: 's1@x' }));
    erased.add('c-1');
    const gone = await receive(mail({ to: SUPPORT, body: 'Hi', id: 's2@x' }));

    expect([stranger, gone]).toEqual([
      { outcome: 'bounced', reason: 'unknown-sender' },
      { outcome: 'bounced', reason: 'unknown-sender' },
    ]);
    expect(tickets.tickets.writes).toBe(before);
    expect(mailer.sent).toHaveLength(2);
  });

  it('drops mail from our own addresses and mail to none of ours', async () => {
    const { receive } = setup();

    expect(await receive(mail({ from: 'redress@shop.example', body: 'loop', id: 'o1@x' }))).toEqual({
      outcome: 'dropped',
      reason: 'own-address',
    });
    expect(await receive(mail({ to: 'sales@shop.example', body: 'Hi', id: 'o2@x' }))).toEqual({
      outcome: 'dropped',
      reason: 'not-ours',
    });
  });
});
