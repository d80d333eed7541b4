import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  type ConsoleUnderTest,
  emails,
  newContext,
  pageErrors,
  screenshotDir,
  signIn,
  startConsole,
  user,
} from './support.js';

let app: ConsoleUnderTest;

beforeAll(async () => {
  app = await startConsole();
});

afterAll(async () => {
  await app?.stop();
});

/** Every page a test visits is checked with axe-core once it has settled. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** Waits (the ticket page polls the API) until the ticket shows this status. */
async function reachStatus(page: Page, status: string, timeout = 30_000): Promise<void> {
  await page.locator(`[data-testid="ticket-status"][data-status="${status}"]`).waitFor({ timeout });
}

describe('the web console', () => {
  it('lets a customer open a refund in Chinese and watch it reach refunded', async () => {
    const context = await newContext(app, 'zh-CN');
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
    await expectAccessible(page);
    // "Continue to sign-in" leaves for the local issuer's picker (the Hosted UI's stand-in), in
    // the console's language; picking Ann brings the browser back signed in.
    await page.getByRole('button', { name: '前往登录' }).click();
    await page.getByRole('heading', { name: '登录 Redress', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/oauth2/authorize');
    await expectAccessible(page);
    await page.locator('.user-picker button', { hasText: user('c-1').name }).click();
    await page.waitForURL((url) => url.pathname === '/tickets');
    await expect.poll(() => page.title()).toContain('我的工单');
    await expectAccessible(page);
    // The code and state left the address; the PKCE verifier left sessionStorage; no token stays.
    expect(page.url()).not.toMatch(/code=|state=/);
    expect(
      await page.evaluate(() => [sessionStorage.length, localStorage.getItem('redress.session')]),
    ).toEqual([0, null]);

    // Her orders, newest first (GET /v1/orders); a ticket starts from one of them.
    await page.getByRole('link', { name: '我的订单' }).click();
    await expect.poll(() => page.title()).toContain('我的订单');
    await page.locator('table.orders tbody tr').first().waitFor();
    expect(await page.locator('table.orders tbody th').allTextContents()).toEqual([
      'DEMO-1003',
      'DEMO-1001',
      'DEMO-1002',
    ]);
    expect(await page.locator('table.orders tbody tr').nth(2).textContent()).toContain('Silk scarf × 1');
    await expectAccessible(page);

    // A final-sale item goes back for no fault of the shop: refused, next to that item.
    await page.getByRole('link', { name: /DEMO-1002/ }).click();
    await page.getByLabel('Silk scarf 的数量').waitFor();
    expect(await page.getByLabel('订单号').inputValue()).toBe('DEMO-1002');
    await page.getByLabel('您需要什么帮助？').selectOption('return');
    await page.getByLabel('Silk scarf 的数量').fill('1');
    await page.getByLabel('原因').selectOption('size_or_fit');
    await page.getByLabel('问题描述').fill('颜色不喜欢。');
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => page.locator('#e-item-SCARF-1').textContent()).toMatch(/final sale/i);
    expect(await page.getByLabel('Silk scarf 的数量').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    // A small defective-item refund on a fresh order: approved and paid by the one-click rule.
    await page.getByLabel('订单号').fill('DEMO-1001');
    await page.getByRole('button', { name: '查询订单' }).click();
    await page.getByLabel('您需要什么帮助？').selectOption('refund');
    await page.getByLabel('Electric kettle 的数量').fill('1');
    await page.getByLabel('原因').selectOption('defective');
    await page.getByLabel('问题描述').fill('水壶底部漏水。');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/tickets\/[^/]+$/);
    await reachStatus(page, 'refunded');
    expect(await page.locator('.panel.next').textContent()).toContain('¥139.00');
    expect(await page.locator('.timeline').textContent()).toContain('已退款 ¥139.00');
    await expectAccessible(page);
    await page.screenshot({ path: join(screenshotDir, 'customer-refund-zh-CN.png'), fullPage: true });

    // The language switch in the header: the same page in English, the choice kept on reload.
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Refund · DEMO-1001', level: 1 }).waitFor();
    await page.reload();
    expect(await page.locator('[data-testid="ticket-status"]').textContent()).toBe('Refunded');
    await context.close();
  });

  let resolvedTicket = '';

  it('lets an agent take a ticket, ask for information, and resolve it once the customer answers', async () => {
    const ann = await app.token(user('c-1'));
    // Every agent steps away first, so the assigner leaves the new ticket waiting in its team's
    // queue: the unassigned view is where agent-1 picks it up.
    const agents = ['agent-1', 'agent-2', 'agent-3'];
    for (const sub of agents) {
      const token = await app.token({ sub, name: sub, role: 'agent', groups: ['agents'] });
      const away = await app.api('PUT', '/v1/staff/me/availability', token, { available: false });
      expect(away.status).toBe(200);
    }
    const opened = await app.api('POST', '/v1/tickets', ann, {
      type: 'inquiry',
      reason: 'other',
      subject: 'Where is my invoice?',
      description: 'I need a VAT invoice for my order.',
    });
    expect(opened.status).toBe(201);
    const ticketId = opened.body.id as string;
    // A macro for billing questions (the inquiry's label): the ticket page suggests it.
    const admin = await app.token(user('admin-1'));
    const macro = await app.api('PUT', '/v1/macros/invoice-in-progress', admin, {
      title: 'Invoice in progress',
      body: {
        en: 'Thank you! The invoice for {{ticket.number}} is being prepared.',
        'zh-CN': '谢谢！工单 {{ticket.number}} 的发票正在开具。',
      },
      actions: [{ action: 'add_tag', tag: 'invoice' }],
      labels: ['billing'],
    });
    expect(macro.status).toBe(200);

    const desk = await newContext(app, 'en-US');
    const agent = await desk.newPage();
    await signIn(agent, user('agent-1'));
    await agent.waitForURL(/\/desk/);
    await agent.getByRole('link', { name: 'Where is my invoice?' }).waitFor();
    await expectAccessible(agent);
    await agent.screenshot({ path: join(screenshotDir, 'desk-unassigned-en.png') });
    await agent.getByRole('link', { name: 'Where is my invoice?' }).click();
    await agent.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await expectAccessible(agent);

    // "t" takes the ticket (the shortcut list on the page says so).
    await agent.getByRole('heading', { name: 'Where is my invoice?' }).click();
    await agent.keyboard.press('t');
    await expect.poll(() => agent.getByTestId('ticket-assignee').textContent()).toBe('agent-1');

    // An internal note, then a request for information.
    await agent.getByLabel('Internal note', { exact: true }).check();
    await agent.getByLabel('Internal note (the customer never sees it)').fill('Invoice is with accounting.');
    await agent.getByRole('button', { name: 'Add note' }).click();
    await agent.locator('.event.internal', { hasText: 'Invoice is with accounting.' }).waitFor();
    await agent.getByRole('button', { name: 'Ask for information' }).click();
    await agent.getByLabel('Message to the customer').fill('Which company name should the invoice carry?');
    await agent.getByRole('button', { name: 'Confirm: Ask for information' }).click();
    await reachStatus(agent, 'pending_customer');

    // The customer answers from their ticket page; the internal note is not there.
    const shop = await newContext(app, 'en-US');
    const customer = await shop.newPage();
    await signIn(customer, user('c-1'), `/tickets/${ticketId}`);
    await reachStatus(customer, 'pending_customer');
    expect(await customer.locator('.timeline').textContent()).not.toContain('accounting');
    expect(await customer.locator('.panel.next').textContent()).toContain(
      'We need more information from you',
    );
    await expectAccessible(customer);
    await customer.getByLabel('Your message').fill('Acme Trading Ltd., please.');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await customer.locator('.event', { hasText: 'Acme Trading Ltd.' }).waitFor();

    // Back on the desk the answer arrives by itself; the agent answers with the suggested macro
    // (previewed first), then resolves.
    await agent.locator('.event', { hasText: 'Acme Trading Ltd.' }).waitFor();
    const macros = agent.getByRole('region', { name: 'Macros' });
    await macros.getByRole('button', { name: 'Invoice in progress' }).click();
    expect(await macros.getByLabel('Macro').inputValue()).toBe('invoice-in-progress');
    expect(await macros.getByTestId('macro-preview').textContent()).toContain('Then: Add tag: invoice');
    await macros.getByRole('button', { name: 'Apply macro' }).click();
    await macros.getByRole('status').filter({ hasText: 'Applied “Invoice in progress”' }).waitFor();
    const number = `#${ticketId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
    await agent.locator('.event', { hasText: `The invoice for ${number} is being prepared.` }).waitFor();
    await expectAccessible(agent);
    await agent.getByRole('button', { name: 'Resolve' }).click();
    await agent
      .getByLabel('Summary for the customer')
      .fill('The invoice for Acme Trading Ltd. is on its way by email.');
    await agent.getByRole('button', { name: 'Confirm: Resolve' }).click();
    await reachStatus(agent, 'resolved');
    await expectAccessible(agent);
    await agent.screenshot({ path: join(screenshotDir, 'agent-desk-en.png'), fullPage: true });
    resolvedTicket = ticketId;
    await shop.close();
    await desk.close();
  });

  it('records the rating given through the link of the survey email that follows the resolution', async () => {
    expect(resolvedTicket).not.toBe('');
    // The survey email, a short delay after the resolution, carries the link (APP_URL is this console).
    let link = '';
    const surveyLink = async () => {
      const mail = (await emails(app)).find(
        (email) => email.to.includes('ann@example.com') && email.text?.includes('/survey?token='),
      );
      link = /https?:\/\/\S+?\/survey\?token=[^\s&]+/.exec(mail?.text ?? '')?.[0] ?? '';
      return link;
    };
    await expect.poll(surveyLink, { timeout: 20_000 }).toMatch(new RegExp(`^${app.url}/survey\\?token=`));

    const context = await newContext(app, 'zh-CN');
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: '请评价我们的服务', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.locator('input[name="score"][value="5"]').check();
    await page.locator('input[name="nps"][value="9"]').check();
    await page.getByLabel('还有什么想告诉我们的吗？（可选）').fill('很快，谢谢！');
    await page.screenshot({ path: join(screenshotDir, 'survey-zh-CN.png'), fullPage: true });
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('谢谢！您的评价已记录。').waitFor();
    await expectAccessible(page);

    const ann = await app.token(user('c-1'));
    const ticket = await app.api('GET', `/v1/tickets/${resolvedTicket}`, ann);
    expect(ticket.body.satisfaction).toMatchObject({ score: 5, nps: 9, comment: '很快，谢谢！' });

    // The same link again: already rated, said in the reader's language.
    await page.goto(link);
    await page.locator('input[name="score"][value="4"]').check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('此工单已评价过，谢谢！').waitFor();
    await context.close();
  });

  it('lets a customer ship an approved return, with a refused tracking number shown beside its field', async () => {
    const ann = await app.token(user('c-1'));
    const agentToken = await app.token(user('agent-1'));
    const opened = await app.api('POST', '/v1/tickets', ann, {
      type: 'return',
      orderId: 'DEMO-1001',
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'not_as_described',
      description: 'The glaze is blue, not green.',
      returnMethod: 'dropoff',
    });
    expect(opened.status).toBe(201);
    const ticketId = opened.body.id as string;
    expect(
      (await app.api('POST', `/v1/tickets/${ticketId}/actions`, agentToken, { action: 'approve' })).status,
    ).toBe(200);

    const context = await newContext(app, 'en-US');
    const page = await context.newPage();
    await signIn(page, user('c-1'), `/tickets/${ticketId}`);
    await reachStatus(page, 'awaiting_shipment');
    await page.getByRole('button', { name: 'Ship the return' }).click();
    await page.getByLabel('Carrier').fill('EMS');
    await page.getByLabel('Tracking number').fill('no such number!');
    await page.getByLabel('Postage paid (CNY, optional)').fill('12.345');
    await page.getByRole('button', { name: 'Confirm: Ship the return' }).click();
    // Checked in the page first: three decimals are not an amount of CNY.
    await page.locator('#e-a-ship-postage').waitFor();
    await page.getByLabel('Postage paid (CNY, optional)').fill('12.50');
    await page.getByRole('button', { name: 'Confirm: Ship the return' }).click();
    // Refused by the API (problem+json, 400): the message stands beside the tracking number.
    await page.locator('#e-a-ship-trackingNumber').waitFor();
    expect(await page.getByLabel('Tracking number').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await page.getByLabel('Tracking number').fill('EMS-20261203');
    await page.getByRole('button', { name: 'Confirm: Ship the return' }).click();
    await reachStatus(page, 'in_transit');
    await page.screenshot({ path: join(screenshotDir, 'customer-return-en.png'), fullPage: true });

    // The desk shows the order's facts beside the ticket: the mug line now holds a claimed unit.
    const desk = await newContext(app, 'zh-CN');
    const agent = await desk.newPage();
    await signIn(agent, user('agent-1'), `/tickets/${ticketId}`);
    await reachStatus(agent, 'in_transit');
    const order = agent.getByRole('complementary');
    await order.getByRole('heading', { name: '订单 DEMO-1001' }).waitFor();
    expect(await order.locator('li', { hasText: 'MUG-1' }).textContent()).toContain('申请中 1');
    expect(await order.textContent()).toContain('合计¥368.00');
    await expectAccessible(agent);
    await desk.close();
    const shipped = await app.api('GET', `/v1/tickets/${ticketId}`, ann);
    expect(shipped.body.returnShipment).toMatchObject({
      carrier: 'EMS',
      trackingNumber: 'EMS-20261203',
      postage: 1250,
    });
    await context.close();
  });

  it("shows each field error of an admin's invalid policy beside its field, then saves the corrected one", async () => {
    const context = await newContext(app, 'en-US');
    const page = await context.newPage();
    await signIn(page, user('admin-1'));
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'SLA policies', level: 2 }).waitFor();
    const sla = page.getByRole('form', { name: 'SLA policy' });
    await sla.getByLabel('First response').waitFor();

    // Two bad SLA targets: the API's problem+json names both, each shown next to its field.
    const firstResponse = await sla.getByLabel('First response').inputValue();
    await sla.getByLabel('First response').fill('0');
    await sla.getByLabel('Warn at (% of the target)').fill('');
    // The escalation ladder is read into the form; a fourth level without its minutes is refused
    // beside them.
    expect(await sla.getByRole('group', { name: 'Level 3' }).getByLabel('Move to team').inputValue()).toBe(
      'escalations',
    );
    await sla.getByRole('button', { name: 'Add a level' }).click();
    await sla.getByRole('group', { name: 'Level 4' }).getByLabel('Minutes after the breach').fill('');
    await sla.getByRole('button', { name: 'Save SLA policy' }).click();
    await page.locator('#e-sla-first').waitFor();
    expect(await sla.getByLabel('First response').getAttribute('aria-describedby')).toContain('e-sla-first');
    expect(await sla.getByLabel('First response').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#e-sla-warn').textContent()).not.toBe('');
    expect(await sla.getByLabel('Warn at (% of the target)').getAttribute('aria-describedby')).toBe(
      'e-sla-warn',
    );
    expect(await page.locator('#e-esc-4-after').textContent()).toContain('expected number');
    expect(
      await sla
        .getByRole('group', { name: 'Level 4' })
        .getByLabel('Minutes after the breach')
        .getAttribute('aria-describedby'),
    ).toBe('e-esc-4-after');
    expect(await sla.getByRole('alert').count()).toBe(1);

    // The after-sales policy: a window too long and a rule id the API refuses.
    const policy = page.getByRole('form', { name: 'After-sales policy' });
    const qualityDays = await policy.getByLabel("Refunds and returns for the shop's faults").inputValue();
    await policy.getByLabel("Refunds and returns for the shop's faults").fill('9999');
    const rule = policy.getByRole('group', { name: 'Rule 1' });
    const ruleId = await rule.getByLabel('Rule id').inputValue();
    await rule.getByLabel('Rule id').fill('Not An Id');
    // A per-currency cap below zero: the API names it by its currency, the row of CNY shows it.
    const postage = policy.getByRole('group', { name: 'Return postage the shop reimburses, at most' });
    const cny = postage.getByRole('group', { name: 'Currency 1' });
    expect(await cny.getByLabel('Currency').inputValue()).toBe('CNY');
    await cny.getByLabel('Amount').fill('-5');
    await policy.getByRole('button', { name: 'Save after-sales policy' }).click();
    await page.locator('#e-as-quality').waitFor();
    expect(await page.locator('#e-rule-1-id').textContent()).toContain('Lower-case letters');
    expect(await rule.getByLabel('Rule id').getAttribute('aria-describedby')).toBe('e-rule-1-id');
    expect(await page.locator('#e-cap-returnPostageCaps-1').textContent()).toContain('>=0');
    expect(await cny.getByLabel('Amount').getAttribute('aria-describedby')).toBe('e-cap-returnPostageCaps-1');
    expect(
      await policy.getByLabel("Refunds and returns for the shop's faults").getAttribute('aria-invalid'),
    ).toBe('true');
    await expectAccessible(page);
    await page.screenshot({ path: join(screenshotDir, 'admin-policy-errors-en.png'), fullPage: true });

    // Corrected, both save; nothing was changed by the refused attempts.
    await policy.getByLabel("Refunds and returns for the shop's faults").fill(qualityDays);
    await rule.getByLabel('Rule id').fill(ruleId);
    await cny.getByLabel('Amount').fill('2500');
    // A currency named twice is refused on the page, nothing sent; a new one is added instead.
    const keep = policy.getByRole('group', { name: 'Refund that lets the customer keep the goods, at most' });
    await keep.getByRole('button', { name: 'Add a currency' }).click();
    const added = keep.getByRole('group', { name: 'Currency 7' });
    await added.getByLabel('Currency').fill('USD');
    await added.getByLabel('Amount').fill('3000');
    await policy.getByRole('button', { name: 'Save after-sales policy' }).click();
    expect(await page.locator('#e-cap-keepItemMaxAmount-7').textContent()).toBe(
      'This currency is listed twice.',
    );
    await added.getByLabel('Currency').fill('SGD');
    await policy.getByRole('button', { name: 'Save after-sales policy' }).click();
    await policy.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const admin = await app.token(user('admin-1'));
    const caps = (await app.api('GET', '/v1/after-sales-policy', admin)).body;
    expect(caps.returnPostageCaps).toMatchObject({ CNY: 2500, USD: 1500 });
    expect(caps.keepItemMaxAmount).toMatchObject({ SGD: 3000, USD: 3000, CNY: 20_000 });

    // With the targets right, the API checks the ladder's order: level 4 may not fire before level 3.
    const policyId = await page.locator('#sla-pick').inputValue();
    await sla.getByLabel('First response').fill(firstResponse);
    await sla.getByLabel('Warn at (% of the target)').fill('75');
    await sla.getByRole('group', { name: 'Level 4' }).getByLabel('Minutes after the breach').fill('30');
    await sla.getByRole('button', { name: 'Save SLA policy' }).click();
    await expect
      .poll(() => page.locator('#e-esc-4-after').textContent())
      .toBe('A higher level cannot fire before a lower one.');
    expect(await page.locator('#e-sla-first').count()).toBe(0);
    await sla.getByRole('button', { name: 'Remove level 4' }).click();
    await sla.getByRole('group', { name: 'Level 2' }).getByLabel('Minutes after the breach').fill('90');
    await sla.getByRole('button', { name: 'Save SLA policy' }).click();
    await page
      .getByRole('form', { name: 'SLA policy' })
      .getByRole('status')
      .filter({ hasText: 'Saved.' })
      .waitFor();
    expect(await page.locator('#e-sla-first').count()).toBe(0);
    const saved = (await app.api('GET', '/v1/sla-policies', admin)).body.items.find(
      (item: { id: string }) => item.id === policyId,
    );
    expect(
      saved.escalations.map((level: { afterBreachMinutes: number }) => level.afterBreachMinutes),
    ).toEqual([0, 90, 240]);
    await expectAccessible(page);

    // Signing out revokes the refresh token and ends the issuer's session through /logout: the
    // next page that needs a user asks who it is again. The revocation is held back a moment, as
    // a slow network would: the page being left must not start a sign-in of its own meanwhile.
    await page.route('**/oauth2/revoke', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Continue to sign-in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.goto('/admin');
    await page.locator('.user-picker button', { hasText: 'Ada Admin' }).waitFor();
    await context.close();
  });

  it("shows a supervisor the dashboard of a scripted day: the summary's figures, charts and agents", async () => {
    const ann = await app.token(user('c-1'));
    const sup = await app.token(user('sup-1'));
    const agentToken = await app.token({
      sub: 'agent-1',
      name: 'agent-1',
      role: 'agent',
      groups: ['agents'],
    });
    // The agents step away, so that only the supervisor's hand-over assigns a ticket today.
    for (const sub of ['agent-1', 'agent-2', 'agent-3']) {
      const token = await app.token({ sub, name: sub, role: 'agent', groups: ['agents'] });
      expect((await app.api('PUT', '/v1/staff/me/availability', token, { available: false })).status).toBe(
        200,
      );
    }
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const report = async () =>
      (await app.api('GET', `/v1/reports/summary?from=${today}&to=${tomorrow}`, sup)).body;
    const before = await report();

    // The day: three questions; one is handed to agent-1, resolved and rated 5 (NPS 10).
    const ids: string[] = [];
    for (const description of ['Is the kettle 220V?', 'Do you ship to Macau?', 'Can I change my address?']) {
      const opened = await app.api('POST', '/v1/tickets', ann, {
        type: 'inquiry',
        reason: 'other',
        description,
      });
      expect(opened.status).toBe(201);
      ids.push(opened.body.id);
    }
    const handed = await app.api('POST', `/v1/tickets/${ids[0]}/actions`, sup, {
      action: 'assign',
      assigneeId: 'agent-1',
    });
    expect(handed.status).toBe(200);
    const resolved = await app.api('POST', `/v1/tickets/${ids[0]}/actions`, agentToken, {
      action: 'resolve',
      summary: 'Yes, 220V.',
    });
    expect(resolved.status).toBe(200);
    const rated = await app.api('POST', `/v1/tickets/${ids[0]}/satisfaction`, ann, { score: 5, nps: 10 });
    expect(rated.status).toBe(201);
    // The report reads aggregates the table stream feeds: wait until it carries the rating.
    await expect
      .poll(async () => (await report()).csat.responses, { timeout: 20_000 })
      .toBe(before.csat.responses + 1);
    const day = await report();
    expect(day.tickets).toBe(before.tickets + 3);
    expect(
      day.agents.find((row: { assigneeId: string }) => row.assigneeId === 'agent-1')?.resolved,
    ).toBeGreaterThan(0);

    const context = await newContext(app, 'en-US');
    const page = await context.newPage();
    await signIn(page, user('sup-1'));
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('button', { name: 'Today' }).click();
    const kpi = (id: string) => page.locator(`[data-kpi="${id}"] .kpi-value`).textContent();
    const number = (value: number | null, digits = 0) =>
      value === null ? '—' : new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(value);
    await expect.poll(() => kpi('tickets')).toBe(number(day.tickets));
    expect(await kpi('backlog')).toBe(number(day.backlog.total));
    expect(await kpi('csat')).toBe(number(day.csat.average, 2));
    expect(await kpi('nps')).toBe(number(day.nps.score));
    expect(await kpi('first-response')).toBe(
      day.firstResponse.percentMet === null ? '—' : `${number(day.firstResponse.percentMet, 1)}%`,
    );
    expect(
      await page.getByRole('img', { name: /^Open tickets by type/ }).getAttribute('aria-label'),
    ).toContain(`Question ${day.backlog.byType.inquiry}`);
    expect(await page.getByRole('img', { name: /^Promoters/ }).getAttribute('aria-label')).toContain(
      `Promoters ${day.nps.promoters}`,
    );
    const agentRows = page.locator('[data-testid="dashboard"] table tbody tr');
    expect(await agentRows.locator('th').allTextContents()).toEqual(
      day.agents.map((row: { assigneeId: string }) => row.assigneeId),
    );
    expect(await page.locator('tr[data-agent="agent-1"] td').nth(1).textContent()).toBe(
      number(day.agents.find((row: { assigneeId: string }) => row.assigneeId === 'agent-1').resolved),
    );
    await expectAccessible(page);
    await page.screenshot({ path: join(screenshotDir, 'supervisor-dashboard-en.png'), fullPage: true });

    // Download CSV: the summary route answers `Accept: text/csv` with the per-agent table.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^redress-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const [header, ...records] = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(header).toBe(
      'agentId,name,tickets,resolved,csatResponses,csatAverage,firstResponseMet,firstResponseBreached,firstResponsePercentMet',
    );
    expect(records.map((record) => record.split(',')[0])).toEqual(
      day.agents.map((row: { assigneeId: string }) => row.assigneeId),
    );
    const agentOne = day.agents.find((row: { assigneeId: string }) => row.assigneeId === 'agent-1');
    const [, , tickets, resolvedCount, csatResponses] =
      records.find((record) => record.startsWith('agent-1,'))?.split(',') ?? [];
    expect([tickets, resolvedCount, csatResponses]).toEqual([
      String(agentOne.tickets),
      String(agentOne.resolved),
      String(agentOne.csatResponses),
    ]);
    expect(await page.getByText('The CSV export is not available').count()).toBe(0);
    await context.close();
  });

  it('reported no error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
