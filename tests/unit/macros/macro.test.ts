import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMinorUnits,
  type MacroContext,
  macroVariables,
  parseTemplate,
  renderMacro,
  suggestedMacros,
  templateErrors,
} from '../../../functions/macros/domain/macro.js';

const ticketId = '79540bc0-1f2e-4a3b-8c7d-6e5f4a3b2c1d';
const clock = (dueAt: string, completedAt: string | null = null) => ({
  targetMinutes: 2880,
  elapsedMs: 0,
  runningSince: null,
  dueAt,
  warnAt: dueAt,
  completedAt,
  breachedAt: null,
  fired: [],
});

function context(overrides: Partial<MacroContext['ticket']> = {}, order: MacroContext['order'] = null) {
  return {
    ticket: {
      id: ticketId,
      currency: 'CNY',
      orderId: 'o-1',
      refund: { amount: 12900, currency: 'CNY' } as MacroContext['ticket']['refund'],
      sla: { clocks: { resolution: clock('2026-12-01T16:30:00.000Z') } },
      ...overrides,
    },
    order: order ?? { id: 'o-1', customerName: 'Ann Lee', timeZone: 'Asia/Shanghai' },
    deskTimeZone: 'Europe/Berlin',
  } satisfies MacroContext;
}

const body = (en: string, zh = en) => ({ body: { en, 'zh-CN': zh } });

describe('parseTemplate', () => {
  it('splits text and known variables, with spaces inside the braces allowed', () => {
    const parsed = parseTemplate('Hi {{ customer.name }}, order {{order.id}}.');

    expect(parsed).toEqual({
      ok: true,
      parts: [
        { kind: 'text', text: 'Hi ' },
        { kind: 'variable', name: 'customer.name' },
        { kind: 'text', text: ', order ' },
        { kind: 'variable', name: 'order.id' },
        { kind: 'text', text: '.' },
      ],
    });
  });

  it('keeps single braces as text', () => {
    expect(parseTemplate('a { b } c')).toEqual({ ok: true, parts: [{ kind: 'text', text: 'a { b } c' }] });
  });

  it('names an unknown variable, an unclosed or empty pair and a stray closing pair', () => {
    const parsed = parseTemplate('{{customer.email}} {{ticket.number {{}} done }}');

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      expect.stringContaining('Unknown variable {{customer.email}} at character 1'),
      expect.stringContaining('"{{" at character 20 is never closed'),
      expect.stringContaining('"{{}}" at character 36 is not a variable name'),
      expect.stringContaining('"}}" at character 46 closes nothing'),
    ]);
  });

  it('refuses control characters but keeps line breaks and tabs', () => {
    expect(parseTemplate('line one\r\n\tline two').ok).toBe(true);
    expect(parseTemplate('bell \u0007').ok).toBe(false);
  });
});

describe('templateErrors', () => {
  it('names the field of every problem', () => {
    const errors = templateErrors({ en: 'Hello {{name}}', 'zh-CN': '您好 {{customer.name' });

    expect(errors.map((error) => error.path)).toEqual(['body.en', 'body.zh-CN']);
    expect(templateErrors({ en: 'Hello {{customer.name}}', 'zh-CN': '您好' })).toEqual([]);
  });
});

describe('renderMacro', () => {
  const all = body(
    'Dear {{customer.name}}, ticket {{ticket.number}} for order {{order.id}}: {{refund.amount}} by {{sla.resolution.dueAt}}.',
    '{{customer.name}}您好，工单{{ticket.number}}（订单{{order.id}}）：{{refund.amount}}，{{sla.resolution.dueAt}}前处理。',
  );

  it("writes in the customer's language, money in the ticket's currency, the deadline in their zone", () => {
    const zh = renderMacro(all, context(), 'zh-CN');
    const en = renderMacro(all, context(), 'en-GB');

    expect(zh.locale).toBe('zh-CN');
    expect(zh.body).toContain('Ann Lee您好，工单#79540BC0（订单o-1）：¥129.00，');
    expect(zh.body).toContain('2026年12月2日 GMT+8 00:30');
    expect(en).toMatchObject({ locale: 'en', missing: [] });
    expect(en.body).toContain('Dear Ann Lee, ticket #79540BC0 for order o-1: CN¥129.00 by 2 Dec 2026, 00:30');
  });

  it("shows the deadline in the desk's zone when the order facts carry none", () => {
    const rendered = renderMacro(
      body('{{sla.resolution.dueAt}}'),
      context(
        {},
        {
          id: 'o-1',
          customerName: null,
          timeZone: null,
        },
      ),
      'en',
    );

    expect(rendered.body).toMatch(/^1 Dec 2026, 17:30 (CET|GMT\+1)$/);
  });

  it('falls back to English for languages without a body, and to the Chinese body for any zh tag', () => {
    expect(renderMacro(body('Hello', '您好'), context(), 'fr').body).toBe('Hello');
    expect(renderMacro(body('Hello', '您好'), context(), 'zh-Hans').body).toBe('您好');
    expect(renderMacro(body('Hello', '您好'), context(), null).body).toBe('Hello');
  });

  it('puts a neutral word where the ticket has no value, and says which', () => {
    const rendered = renderMacro(
      all,
      context(
        { refund: null, orderId: null, sla: { clocks: {} } },
        { id: 'o-1', customerName: null, timeZone: null },
      ),
      'en',
    );

    expect(rendered.body).toBe('Dear customer, ticket #79540BC0 for order o-1: — by —.');
    expect(rendered.missing).toEqual(['customer.name', 'refund.amount', 'sla.resolution.dueAt']);
  });

  it('leaves the deadline out once the resolution clock completed', () => {
    const done = context({
      sla: { clocks: { resolution: clock('2026-12-01T16:30:00.000Z', '2026-12-01T10:00:00.000Z') } },
    });

    expect(renderMacro(body('{{sla.resolution.dueAt}}'), done, 'en').missing).toEqual([
      'sla.resolution.dueAt',
    ]);
  });

  it('writes a value as one line of text that can never read as a variable', () => {
    const rendered = renderMacro(
      body('Hi {{customer.name}}!'),
      context({}, { id: 'o-1', customerName: 'Eve\r\nBcc: x@example.com {{order.id}}', timeZone: null }),
      'en',
    );

    expect(rendered.body).toBe('Hi Eve Bcc: x@example.com { {order.id} }!');
  });

  it('never leaves a {{ in the message, whatever the values', () => {
    const fragment = fc.oneof(
      fc.string({ maxLength: 20 }).map((text) => text.replace(/[{}]/g, '')),
      fc.constantFrom(...macroVariables).map((name) => `{{${name}}}`),
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 8 }),
        fc.option(fc.string({ maxLength: 60 })),
        fc.option(fc.string({ minLength: 1, maxLength: 60 })),
        fc.constantFrom('en', 'zh-CN', 'de', 'zh'),
        (parts, customerName, orderId, locale) => {
          const template = parts.join('');
          fc.pre(parseTemplate(template).ok);
          const rendered = renderMacro(
            body(template),
            context({ orderId }, { id: 'o-1', customerName, timeZone: null }),
            locale,
          );
          expect(rendered.body).not.toContain('{{');
        },
      ),
    );
  });
});

describe('formatMinorUnits', () => {
  it('formats integer minor units by the currency exponent and the locale', () => {
    expect(formatMinorUnits(12900, 'CNY', 'zh-CN')).toBe('¥129.00');
    expect(formatMinorUnits(5, 'USD', 'en')).toBe('$0.05');
    expect(formatMinorUnits(1234, 'JPY', 'en')).toBe('¥1,234');
    expect(formatMinorUnits(1234567, 'KWD', 'en')).toBe('KWD\u00a01,234.567');
    expect(formatMinorUnits(-250, 'EUR', 'en')).toBe('-€2.50');
  });

  it('is exact where a binary fraction is not: every digit of every amount up to 10^13 survives', () => {
    expect(formatMinorUnits(9_999_999_999_999, 'CNY', 'en')).toBe('CN¥99,999,999,999.99');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000_000 }),
        fc.constantFrom('CNY', 'USD', 'EUR', 'JPY', 'KWD'),
        fc.constantFrom('en', 'zh-CN'),
        (amount, currency, locale) => {
          const digits = formatMinorUnits(amount, currency, locale).replace(/\D/g, '');
          expect(BigInt(digits)).toBe(BigInt(amount));
        },
      ),
    );
  });
});

describe('suggestedMacros', () => {
  const macros = [
    { id: 'legal', title: 'Legal hand-off', labels: ['legal_threat'] },
    { id: 'broken', title: 'Sorry it broke', labels: ['quality'] },
    { id: 'broken-late', title: 'Broken and late', labels: ['quality', 'logistics'] },
    { id: 'vip', title: 'VIP greeting', labels: ['vip_mention'] },
    { id: 'none', title: 'General', labels: [] },
  ];

  it("lists macros answering the ticket's labels, its strongest label first", () => {
    const labels = [
      { label: 'quality', score: 3, terms: [] },
      { label: 'logistics', score: 1, terms: [] },
    ];

    expect(suggestedMacros(labels, macros)).toEqual([
      { id: 'broken-late', title: 'Broken and late', labels: ['quality', 'logistics'] },
      { id: 'broken', title: 'Sorry it broke', labels: ['quality'] },
    ]);
    expect(suggestedMacros(['vip_mention', 'legal_threat'], macros).map((macro) => macro.id)).toEqual([
      'vip',
      'legal',
    ]);
    expect(suggestedMacros([], macros)).toEqual([]);
    expect(suggestedMacros(['quality'], macros, 1)).toHaveLength(1);
  });
});
