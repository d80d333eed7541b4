import { describe, expect, it } from 'vitest';
import type { Macro } from '../../../functions/macros/domain/macro.js';
import { makeApplyMacro } from '../../../functions/macros/use-cases/apply-macro.js';
import { makeMacroSuggestions } from '../../../functions/macros/use-cases/suggest-macros.js';
import { makeGetTicket } from '../../../functions/tickets/use-cases/get-ticket.js';
import { agent, anOrder, aTicket, customer, staffView, T0, ticketDeps } from '../../fixtures/builders.js';
import { InMemoryMacroRepository } from '../../fixtures/in-memory-desk.js';

const refundSent: Macro = {
  id: 'refund-sent',
  title: 'Refund on its way',
  body: {
    en: 'Hi {{customer.name}}, {{refund.amount}} for order {{order.id}} is on its way.',
    'zh-CN': '{{customer.name}}您好，订单{{order.id}}的{{refund.amount}}正在退回。',
  },
  actions: [{ action: 'set_priority', priority: 'high' }, { action: 'request_info' }],
  labels: ['billing'],
  version: 3,
  updatedAt: T0.toISOString(),
};

async function setup(macro: Macro = refundSent) {
  const deps = ticketDeps();
  const order = anOrder({ customerName: '王芳', locale: 'zh-CN', currency: 'CNY' });
  deps.orders.seed(order);
  const ticket = aTicket({ id: 't-1' }, { type: 'refund', order, locale: 'zh-CN' });
  deps.tickets.seed(ticket);
  const macros = new InMemoryMacroRepository();
  await macros.save(macro, 0, T0.toISOString());
  const apply = makeApplyMacro({ ...deps, macros, deskTimeZone: 'Asia/Shanghai' });
  return { deps, macros, ticket, apply };
}

describe('makeApplyMacro', () => {
  it("answers in the customer's language with the order's money and applies the actions in one write", async () => {
    // Prepare
    const { deps, ticket, apply } = await setup();

    // Act
    const result = await apply(agent(), 't-1', 'refund-sent');

    // Assess
    expect(result.message.data).toMatchObject({
      body: '王芳您好，订单o-1的¥139.00正在退回。',
      internal: false,
      macroId: 'refund-sent',
      macroVersion: 1,
    });
    expect(result.missing).toEqual([]);
    expect(result.ticket).toMatchObject({ priority: 'high', status: 'pending_customer' });
    expect(deps.tickets.stored('t-1')?.version).toBe(ticket.version + 1);
    expect(deps.tickets.writes).toBe(1);
    expect(deps.tickets.timeline('t-1').map((event) => event.type)).toEqual([
      'MessageAdded',
      'PriorityChanged',
      'InfoRequested',
    ]);
  });

  it('adds and removes tags in the same write as the message; a tag already there adds nothing', async () => {
    // Prepare
    const { deps, ticket, apply } = await setup({
      ...refundSent,
      actions: [
        { action: 'add_tag', tag: 'vip' },
        { action: 'add_tag', tag: 'refund-sent' },
        { action: 'remove_tag', tag: 'needs-triage' },
      ],
    });
    deps.tickets.seed({ ...ticket, tags: ['needs-triage', 'vip'] });

    // Act
    const result = await apply(agent(), 't-1', 'refund-sent');

    // Assess
    expect(result.ticket.tags).toEqual(['vip', 'refund-sent']);
    expect(deps.tickets.writes).toBe(1);
    expect(deps.tickets.timeline('t-1').map((event) => [event.type, event.visibility, event.data])).toEqual([
      ['MessageAdded', 'public', expect.objectContaining({ macroId: 'refund-sent' })],
      ['TagAdded', 'internal', { tag: 'refund-sent' }],
      ['TagRemoved', 'internal', { tag: 'needs-triage' }],
    ]);
  });

  it('refuses an action the status does not allow with 409 and posts nothing', async () => {
    // Prepare
    const { deps, apply } = await setup({ ...refundSent, actions: [{ action: 'resolve' }] });
    deps.tickets.seed({ ...(deps.tickets.stored('t-1') ?? aTicket()), status: 'refunding' });

    // Act
    const attempt = apply(agent(), 't-1', 'refund-sent');

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED' });
    expect(deps.tickets.writes).toBe(0);
    expect(deps.tickets.timeline('t-1')).toEqual([]);
  });

  it('answers 404 for an unknown macro and 409 STALE_VERSION for a version the ticket left', async () => {
    // Prepare
    const { apply } = await setup();

    // Act
    const unknown = apply(agent(), 't-1', 'no-such-macro');
    const stale = apply(agent(), 't-1', 'refund-sent', { version: 7 });

    // Assess
    await expect(unknown).rejects.toMatchObject({ kind: 'not-found' });
    await expect(stale).rejects.toMatchObject({ code: 'STALE_VERSION' });
  });

  it('sends once under an Idempotency-Key: a retry answers the first message', async () => {
    // Prepare
    const { deps, apply } = await setup({ ...refundSent, actions: [] });

    // Act
    const first = await apply(agent(), 't-1', 'refund-sent', { idempotencyKey: 'k-1' });
    const again = await apply(agent(), 't-1', 'refund-sent', { idempotencyKey: 'k-1' });

    // Assess
    expect(again.message.id).toBe(first.message.id);
    expect(deps.tickets.writes).toBe(1);
  });
});

describe('suggested macros on the ticket view', () => {
  it('lists macros answering the labels for staff, and nothing for the customer', async () => {
    // Prepare
    const { deps, macros } = await setup();
    deps.tickets.seed(
      aTicket({
        id: 't-2',
        customerId: 'c-1',
        classification: {
          labels: [{ label: 'billing', score: 2, terms: ['扣款'] }],
          suggestedType: null,
          suggestedReason: null,
          configVersion: 0,
        },
      }),
    );
    const getTicket = makeGetTicket({ ...deps, suggestions: makeMacroSuggestions({ macros }) });

    // Act
    const forStaff = staffView(await getTicket(agent(), 't-2'));
    const customerView = await getTicket(customer('c-1'), 't-2');

    // Assess
    expect(forStaff.suggestedMacros).toEqual([
      { id: 'refund-sent', title: 'Refund on its way', labels: ['billing'] },
    ]);
    expect(forStaff.classification?.labels[0]?.label).toBe('billing');
    expect(customerView).not.toHaveProperty('suggestedMacros');
    expect(customerView).not.toHaveProperty('classification');
  });
});
