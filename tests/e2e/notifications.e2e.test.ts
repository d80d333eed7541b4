import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, expectEmails, type LocalEmail, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;
let agent: string;

let seq = 0;
async function customerWithOrder(locale: string) {
  seq += 1;
  const customerId = `n-${seq}-${Date.now()}`;
  const orderId = `o-${customerId}`;
  const put = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(customerId, { locale }),
  });
  expect(put.status).toBe(201);
  const token = await api.token(customerId, ['customers']);
  return { customerId, orderId, token, address: `${customerId}@example.com` };
}

const action = (ticketId: string, token: string, body: Record<string, unknown>) =>
  api.call('POST', `/v1/tickets/${ticketId}/actions`, { token, body });
const message = (ticketId: string, token: string, body: string, internal = false) =>
  api.call('POST', `/v1/tickets/${ticketId}/messages`, { token, body: { body, internal } });

/** The survey goes out this long after a resolution (SURVEY_DELAY_MINUTES, a day in production). */
const SURVEY_DELAY_MS = 4000;

beforeAll(async () => {
  api = await startApi({ surveyDelayMinutes: SURVEY_DELAY_MS / 60_000 });
  [shop, agent] = await Promise.all([
    api.token('shop-platform', ['integrations']),
    api.token('agent-1', ['agents']),
  ]);
});
afterAll(async () => api?.runtime.stop());

describe('customer email', () => {
  it('mails each customer-visible step once, in Chinese, to the address of the order, and keeps a script inert', async () => {
    const ann = await customerWithOrder('zh-CN');
    const created = await api.call('POST', '/v1/tickets', {
      token: ann.token,
      body: {
        type: 'inquiry',
        orderId: ann.orderId,
        reason: 'other',
        subject: 'Leaks\r\nBcc: victim@example.com',
        description: '<script>alert("pwned")</script><b>It leaks.</b>',
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const [opened] = await expectEmails(api, ann.address, 1);
    expect(opened?.subject).toContain('我们已收到您的咨询');
    expect(opened?.subject).not.toMatch(/[\r\n]/);
    expect(opened?.html).toContain(
      '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;b&gt;It leaks.&lt;/b&gt;',
    );
    expect(opened?.html).not.toContain('<script');
    expect(opened?.text).toContain('客服将在');

    expect(
      (await action(id, agent, { action: 'request_info', message: 'Photo of the base, please.' })).status,
    ).toBe(200);
    await expectEmails(api, ann.address, 2);
    expect((await message(id, ann.token, 'Here it is.')).status).toBe(201); // resumes: no email to herself
    expect((await message(id, agent, 'Only staff see this.', true)).status).toBe(201);
    expect((await message(id, agent, 'Thanks, we are checking it now.')).status).toBe(201);
    await expectEmails(api, ann.address, 3);
    expect((await action(id, agent, { action: 'resolve', summary: 'Refund arranged.' })).status).toBe(200);
    await expectEmails(api, ann.address, 4);
    expect((await action(id, agent, { action: 'reopen', reason: 'Wrong amount' })).status).toBe(200);
    await expectEmails(api, ann.address, 5);
    expect((await action(id, agent, { action: 'resolve' })).status).toBe(200);
    await expectEmails(api, ann.address, 6);
    expect((await action(id, ann.token, { action: 'close' })).status).toBe(200);

    const emails = await expectEmails(api, ann.address, 7);
    expect(emails.map((e) => e.subject.replace(/^【#\w+】/, ''))).toEqual([
      '我们已收到您的咨询：Leaks Bcc: victim@example.com',
      '关于您的咨询，我们需要更多信息',
      '您的咨询有新回复',
      '您的咨询已处理完毕',
      '您的咨询已重新打开',
      '您的咨询已处理完毕',
      '您的咨询已关闭',
    ]);
    expect(emails[2]?.text).toContain('Thanks, we are checking it now.');
    expect(emails.map((e) => e.text).join('\n')).not.toContain('Only staff see this.');
    // The survey follows later, by itself (below); closing the ticket first means none comes.
    expect(emails[3]?.text).toContain('满意度调查');
    expect(emails[3]?.text).not.toContain('survey?token=');
  });

  it('drops control and bidirectional characters from the subject and shows them inert in the body', async () => {
    const ann = await customerWithOrder('en');
    const created = await api.call('POST', '/v1/tickets', {
      token: ann.token,
      body: {
        type: 'inquiry',
        orderId: ann.orderId,
        reason: 'other',
        subject: 'Invoice \u202efdp.exe\u0085 copy',
        description: 'See \u2066attached\u2069 file\u0007.',
      },
    });
    expect(created.status).toBe(201);

    const [opened] = await expectEmails(api, ann.address, 1);
    expect(opened?.subject).toContain('Invoice fdp.exe copy');
    expect(opened?.subject).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    for (const body of [opened?.html, opened?.text]) {
      expect(body).toContain('See [U+2066]attached[U+2069] file[U+0007].');
      expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it('writes English to a customer with no Chinese locale, at the verified address in their token, and never to an unverified one', async () => {
    // Carl's token claims an address nobody verified: his ticket and its cancellation mail nothing.
    const carl = await api.token(`carl-${Date.now()}`, ['customers'], {
      email: 'carl-e2e@example.com',
      email_verified: false,
    });
    const carlTicket = await api.call('POST', '/v1/tickets', {
      token: carl,
      body: { type: 'inquiry', reason: 'other', description: 'Is this my address?' },
    });
    expect(carlTicket.status).toBe(201);
    expect((await action(carlTicket.body.id, carl, { action: 'cancel', reason: 'Never mind' })).status).toBe(
      200,
    );
    const bob = await api.token(`bob-${Date.now()}`, ['customers'], {
      email: 'bob-e2e@example.com',
      email_verified: true,
    });
    const created = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: { type: 'inquiry', reason: 'other', description: 'Do you ship to Norway?' },
    });
    expect(created.status).toBe(201);
    expect(
      (await action(created.body.id, bob, { action: 'cancel', reason: 'Found it in the FAQ' })).status,
    ).toBe(200);

    const emails = await expectEmails(api, 'bob-e2e@example.com', 2);
    expect(emails[0]?.subject).toContain('We received your question');
    expect(emails[0]?.text).toContain('Do you ship to Norway?');
    expect(emails[1]?.subject).toContain('Your question is cancelled');
    expect(emails[1]?.text).toContain('Found it in the FAQ');
    // Carl's events went through the same queue before Bob's.
    expect(await expectEmails(api, 'carl-e2e@example.com', 0)).toEqual([]);
  });

  it('sends nothing twice when the same event reaches the notifications queue again', async () => {
    const cy = await customerWithOrder('en');
    const created = await api.call('POST', '/v1/tickets', {
      token: cy.token,
      body: { type: 'inquiry', orderId: cy.orderId, reason: 'service', description: 'Where is my parcel?' },
    });
    expect(created.status).toBe(201);
    await expectEmails(api, cy.address, 1);
    const ticket = await api.call('GET', `/v1/tickets/${created.body.id}`, { token: agent });
    const first = ticket.body.timeline[0];
    const envelope = { ...first, version: 1, ticketId: created.body.id, ticketType: 'inquiry' };
    const sqs = new SQSClient({
      endpoint: api.runtime.endpoints.sqs,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });

    for (let copy = 0; copy < 2; copy++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: api.runtime.queues.notifications.url,
          MessageBody: JSON.stringify(envelope),
          MessageAttributes: { eventType: { DataType: 'String', StringValue: envelope.type } },
        }),
      );
    }
    sqs.destroy();
    await new Promise((resolve) => setTimeout(resolve, 2500));

    await expectEmails(api, cy.address, 1);
  });
});

describe('follow-up survey', () => {
  const surveyToken = (email: LocalEmail | undefined) =>
    /survey\?token=([\w.-]+)&score=5/.exec(email?.text ?? '')?.[1];

  async function openTicket(cust: Awaited<ReturnType<typeof customerWithOrder>>) {
    const created = await api.call('POST', '/v1/tickets', {
      token: cust.token,
      body: {
        type: 'inquiry',
        reason: 'other',
        description: 'Is the kettle BPA-free?',
        orderId: cust.orderId,
      },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  async function resolvedTicket() {
    const cust = await customerWithOrder('en');
    const ticketId = await openTicket(cust);
    expect((await action(ticketId, agent, { action: 'resolve', summary: 'Yes, it is.' })).status).toBe(200);
    // Created, resolved, then the survey by itself.
    const emails = await expectEmails(api, cust.address, 3);
    const token = surveyToken(emails[2]);
    expect(token).toBeDefined();
    return { ...cust, ticketId, surveyToken: token as string };
  }

  it('mails the survey links SURVEY_DELAY_MINUTES after the resolution, not with it', async () => {
    const cust = await customerWithOrder('en');
    const ticketId = await openTicket(cust);
    expect((await action(ticketId, agent, { action: 'resolve', summary: 'Yes, it is.' })).status).toBe(200);

    const [, resolvedEmail] = await expectEmails(api, cust.address, 2);
    const emails = await expectEmails(api, cust.address, 3);
    const ticket = await api.call('GET', `/v1/tickets/${ticketId}`, { token: cust.token });

    const resolvedAt = Date.parse(ticket.body.resolvedAt);
    const requested = ticket.body.timeline.find((e: { type: string }) => e.type === 'SurveyRequested');
    expect(resolvedEmail?.text).not.toContain('survey?token=');
    expect(resolvedEmail?.text).toContain('short survey');
    expect(emails[2]?.subject).toContain('How did we do');
    expect(surveyToken(emails[2])).toBeDefined();
    expect(Date.parse(requested.at)).toBeGreaterThanOrEqual(resolvedAt + SURVEY_DELAY_MS);
    // The mail emulator keeps whole seconds.
    expect(Date.parse(emails[2]?.at ?? '')).toBeGreaterThanOrEqual(
      Math.floor((resolvedAt + SURVEY_DELAY_MS) / 1000) * 1000,
    );
  });

  it('sends one survey after resolve, reopen and resolve again: for the second resolution', async () => {
    const cust = await customerWithOrder('en');
    const ticketId = await openTicket(cust);
    expect((await action(ticketId, agent, { action: 'resolve', summary: 'Yes, it is.' })).status).toBe(200);
    await expectEmails(api, cust.address, 2);
    expect((await action(ticketId, agent, { action: 'reopen', reason: 'One more question' })).status).toBe(
      200,
    );
    await expectEmails(api, cust.address, 3);
    expect((await action(ticketId, agent, { action: 'resolve', summary: 'Answered.' })).status).toBe(200);

    // Created, resolved, reopened, resolved, the survey; no second one trails behind.
    await expectEmails(api, cust.address, 5);
    await new Promise((resolve) => setTimeout(resolve, SURVEY_DELAY_MS));
    const emails = await expectEmails(api, cust.address, 5);
    const ticket = await api.call('GET', `/v1/tickets/${ticketId}`, { token: cust.token });

    const surveys = emails.filter((email) => surveyToken(email) !== undefined);
    const requested = ticket.body.timeline.filter((e: { type: string }) => e.type === 'SurveyRequested');
    expect(surveys).toEqual([emails[4]]);
    expect(requested).toHaveLength(1);
    expect(Date.parse(requested[0].at)).toBeGreaterThanOrEqual(
      Date.parse(ticket.body.resolvedAt) + SURVEY_DELAY_MS,
    );
  });

  it('takes one answer through the emailed link without a login, and refuses the second', async () => {
    const t = await resolvedTicket();

    const first = await api.call('POST', `/v1/surveys/${t.surveyToken}`, {
      body: { score: 5, nps: 9, comment: 'Quick <b>answer</b>' },
    });
    const second = await api.call('POST', `/v1/surveys/${t.surveyToken}`, { body: { score: 1 } });
    const viaAccount = await api.call('POST', `/v1/tickets/${t.ticketId}/satisfaction`, {
      token: t.token,
      body: { score: 2 },
    });
    const read = await api.call('GET', `/v1/tickets/${t.ticketId}`, { token: t.token });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      ticketId: t.ticketId,
      score: 5,
      nps: 9,
      comment: 'Quick <b>answer</b>',
    });
    expect(second).toMatchObject({ status: 422, body: { code: 'ALREADY_RATED' } });
    expect(viaAccount).toMatchObject({ status: 422, body: { code: 'ALREADY_RATED' } });
    expect(read.body.satisfaction).toMatchObject({ score: 5, nps: 9 });
    expect(read.body.timeline.at(-1)).toMatchObject({
      type: 'SatisfactionRated',
      data: { score: 5, nps: 9, via: 'survey' },
    });
  });

  it('lets the logged-in customer rate once, after resolution only; others see nothing', async () => {
    const t = await resolvedTicket();
    const stranger = await api.token('stranger', ['customers']);
    const open = await api.call('POST', '/v1/tickets', {
      token: t.token,
      body: { type: 'inquiry', reason: 'other', description: 'Another question.' },
    });

    const notResolved = await api.call('POST', `/v1/tickets/${open.body.id}/satisfaction`, {
      token: t.token,
      body: { score: 3 },
    });
    const foreign = await api.call('POST', `/v1/tickets/${t.ticketId}/satisfaction`, {
      token: stranger,
      body: { score: 3 },
    });
    const asAgent = await api.call('POST', `/v1/tickets/${t.ticketId}/satisfaction`, {
      token: agent,
      body: { score: 3 },
    });
    const invalid = await api.call('POST', `/v1/tickets/${t.ticketId}/satisfaction`, {
      token: t.token,
      body: { score: 6, nps: -1 },
    });
    const first = await api.call('POST', `/v1/tickets/${t.ticketId}/satisfaction`, {
      token: t.token,
      body: { score: 4 },
    });
    const again = await api.call('POST', `/v1/tickets/${t.ticketId}/satisfaction`, {
      token: t.token,
      body: { score: 4 },
    });

    expect(notResolved).toMatchObject({ status: 422, body: { code: 'NOT_RESOLVED' } });
    expect(foreign.status).toBe(404);
    expect(asAgent.status).toBe(403);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['nps', 'score']);
    expect(first).toMatchObject({ status: 201, body: { score: 4, nps: null, comment: null } });
    expect(again).toMatchObject({ status: 422, body: { code: 'ALREADY_RATED' } });
  });

  it('refuses a forged or tampered survey token', async () => {
    const t = await resolvedTicket();
    const [payload, signature] = t.surveyToken.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ t: 'x', c: 'y', exp: 9_999_999_999 })).toString(
      'base64url',
    );

    const forged = await api.call('POST', `/v1/surveys/${otherPayload}.${signature}`, { body: { score: 5 } });
    const garbage = await api.call('POST', '/v1/surveys/not-a-token', { body: { score: 5 } });
    const truncated = await api.call('POST', `/v1/surveys/${payload}.${signature?.slice(0, -2)}`, {
      body: { score: 5 },
    });

    expect([forged.status, garbage.status, truncated.status]).toEqual([401, 401, 401]);
  });
});
