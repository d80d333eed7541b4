import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddressFor } from '../../functions/notifications/domain/reply-address.js';
import { LOCAL_REPLY_DOMAIN, LOCAL_SUPPORT_ADDRESS } from '../../local/environment.js';
import { type Api, emailsTo, eventually, type LocalEmail, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;

async function firstEmailTo(address: string): Promise<LocalEmail> {
  const emails = await eventually(
    () => emailsTo(api, address),
    (found) => found.length > 0,
  );
  expect(emails.length, `an email to ${address}`).toBeGreaterThan(0);
  return emails[0] as LocalEmail;
}

/** A raw RFC 822 message, as an MTA would hand it to SES. */
function rawMail(options: { from: string; to: string; subject: string; body: string; messageId?: string }) {
  return [
    `From: Customer <${options.from}>`,
    `To: ${options.to}`,
    `Subject: =?UTF-8?B?${Buffer.from(options.subject, 'utf8').toString('base64')}?=`,
    `Message-ID: <${options.messageId ?? randomUUID()}@mail.example.com>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body,
    '',
  ].join('\r\n');
}

const receive = (raw: string) =>
  api.call('POST', '/_local/inbound-email', { rawBody: raw, headers: { 'content-type': 'message/rfc822' } });

let seq = 0;
/** A customer with an order and an open inquiry; the inquiry's email carries the reply address. */
async function customerWithTicket() {
  seq += 1;
  const customerId = `mail-${seq}-${Date.now()}`;
  const orderId = `o-${customerId}`;
  const address = `${customerId}@example.com`;
  expect(
    (await api.call('PUT', `/v1/orders/${orderId}`, { token: shop, body: orderFacts(customerId) })).status,
  ).toBe(201);
  const token = await api.token(customerId, ['customers']);
  const created = await api.call('POST', '/v1/tickets', {
    token,
    body: { type: 'inquiry', orderId, reason: 'other', description: 'Is the kettle 220V?' },
  });
  expect(created.status).toBe(201);
  const ticketId = created.body.id as string;
  const email = await firstEmailTo(address);
  return { customerId, address, token, ticketId, replyTo: email.replyTo };
}

const messagesOf = async (ticketId: string, token: string) => {
  const read = await api.call('GET', `/v1/tickets/${ticketId}`, { token });
  return (read.body.timeline as { type: string; actor: unknown; data: { body?: string } }[]).filter(
    (event) => event.type === 'MessageAdded',
  );
};

beforeAll(async () => {
  api = await startApi();
  shop = await api.token('shop-platform', ['integrations']);
});
afterAll(async () => api?.runtime.stop());

describe('email as a channel', () => {
  it('puts a reply to a ticket email on the ticket as the customer’s message, once', async () => {
    const ann = await customerWithTicket();
    expect(ann.replyTo).toHaveLength(1);
    expect(ann.replyTo[0]).toMatch(
      new RegExp(`^reply\\+${ann.ticketId}\\.[0-9a-f]{20}@${LOCAL_REPLY_DOMAIN.replace(/\./g, '\\.')}$`),
    );
    const raw = rawMail({
      from: ann.address.toUpperCase(),
      to: ann.replyTo[0] ?? '',
      subject: 'Re: 我们已收到您的咨询',
      body: '是 220V 的吗？我在上海。\r\n\r\n发自我的iPhone\r\n\r\n在 2026年12月3日，10:02，Redress <redress@example.com> 写道：\r\n\r\n> 您好',
    });

    const first = await receive(raw);
    const again = await receive(raw);

    expect(first).toMatchObject({ status: 200, body: { outcome: 'posted', ticketId: ann.ticketId } });
    expect(again.body).toEqual(first.body);
    const messages = await messagesOf(ann.ticketId, ann.token);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      // The customer's own view names the author by role (issue 12: no ids in customer views).
      actor: { role: 'customer' },
      data: { body: '是 220V 的吗？我在上海。' },
    });
  });

  it('puts nothing on any ticket for a forged signature, an unknown ticket or another sender, and bounces each', async () => {
    const ann = await customerWithTicket();
    const forged = `reply+${ann.ticketId}.00000000000000000000@${LOCAL_REPLY_DOMAIN}`;
    const secret = process.env.REPLY_ADDRESS_SECRET ?? '';
    const unknownTicket = replyAddressFor(randomUUID(), secret, LOCAL_REPLY_DOMAIN);
    const eve = `eve-${Date.now()}@example.net`;
    const mallory = `mallory-${Date.now()}@example.net`;

    const outcomes = [
      await receive(rawMail({ from: ann.address, to: forged, subject: 'Forged', body: 'Hello' })),
      await receive(rawMail({ from: mallory, to: unknownTicket, subject: 'Unknown', body: 'Hello' })),
      await receive(rawMail({ from: eve, to: ann.replyTo[0] ?? '', subject: 'Not mine', body: 'Refund me' })),
    ];

    expect(outcomes.map((outcome) => outcome.body)).toEqual([
      { outcome: 'bounced', reason: 'unknown-address' },
      { outcome: 'bounced', reason: 'unknown-address' },
      { outcome: 'bounced', reason: 'not-customer' },
    ]);
    expect(await messagesOf(ann.ticketId, ann.token)).toHaveLength(0);
    for (const sender of [ann.address, mallory, eve]) {
      const bounce = (await emailsTo(api, sender)).find((email) =>
        email.subject.startsWith('Your email was not delivered'),
      );
      expect(bounce, sender).toBeDefined();
    }
    const eveBounce = (await emailsTo(api, eve))[0];
    expect(eveBounce?.text).toContain('only from the address of the customer who opened it');
    expect(eveBounce?.text).not.toContain('Refund me');
  });

  it('opens an inquiry for a known customer who writes to the support address', async () => {
    const ann = await customerWithTicket();

    const sent = await receive(
      rawMail({
        from: ann.address,
        to: LOCAL_SUPPORT_ADDRESS,
        subject: 'Do you ship to Macau?',
        body: 'Hello, do you ship to Macau?\r\n\r\n-- \r\nAnn',
      }),
    );

    expect(sent).toMatchObject({ status: 200, body: { outcome: 'opened' } });
    // Ann reads it as hers (another customer's ticket is 404); her view names no customer id.
    const opened = await api.call('GET', `/v1/tickets/${sent.body.ticketId}`, { token: ann.token });
    expect(opened).toMatchObject({
      status: 200,
      body: {
        type: 'inquiry',
        channel: 'email',
        subject: 'Do you ship to Macau?',
        description: 'Hello, do you ship to Macau?',
      },
    });
  });

  it('refuses a body that is not message/rfc822', async () => {
    const wrong = await api.call('POST', '/_local/inbound-email', { body: { hello: 'world' } });

    expect(wrong).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });
});
