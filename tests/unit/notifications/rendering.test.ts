import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  headerSafe,
  isDeliverableAddress,
} from '../../../functions/notifications/domain/escape.js';
import { formatMoney, mailLocaleOf } from '../../../functions/notifications/domain/locale.js';
import { renderEmail } from '../../../functions/notifications/domain/render.js';
import { customerEmail } from '../../../functions/notifications/domain/templates/index.js';
import { facts, NOW } from './support.js';

const created = (description: string, subject: string | null = null) =>
  renderEmail(
    customerEmail({
      kind: 'TicketCreated',
      locale: 'en',
      ticket: facts({ description, subject }),
      data: {} as never,
      at: NOW.toISOString(),
      ticketUrl: null,
      survey: null,
    }),
    'en',
  );

describe('escaping', () => {
  it('renders an HTML and script payload in a description inert', () => {
    const payload =
      '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:evil()">x</a>';

    const email = created(payload);

    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<a href="javascript');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.text).toContain(payload);
  });

  it('keeps header-injection text out of the subject', () => {
    const email = created('x', 'Hi\r\nBcc: victim@example.com\r\n\r\n<b>body</b>');

    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('Hi Bcc: victim@example.com <b>body</b>');
    expect(email.html).toContain(
      '<title>[#3F2A9C1E] We received your refund request: Hi Bcc: victim@example.com &lt;b&gt;body&lt;/b&gt;</title>',
    );
  });

  it('never lets any string add a tag or a header', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(escapeHtml(value)).not.toMatch(/[<>"']/);
        expect([...headerSafe(value)].some((char) => char.charCodeAt(0) < 0x20)).toBe(false);
        const email = created(value, value.slice(0, 50) || null);
        const body = email.html.split('<body')[1] ?? '';
        const tags = new Set(
          (body.match(/<\/?[a-z0-9]+/gi) ?? []).map((t) => t.replace('/', '').toLowerCase()),
        );
        const allowed = ['<p', '<blockquote', '<table', '<tr', '<th', '<td', '<h3', '<a', '<body', '<html'];
        expect([...tags].filter((tag) => !allowed.includes(tag))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('sends only to single plain addresses', () => {
    expect(isDeliverableAddress('ann@example.com')).toBe(true);
    expect(isDeliverableAddress('ann@example.com\r\nBcc: x@y.z')).toBe(false);
    expect(isDeliverableAddress('ann@example.com, bob@example.com')).toBe(false);
    expect(isDeliverableAddress('Ann <ann@example.com>')).toBe(false);
    expect(isDeliverableAddress(null)).toBe(false);
  });
});

describe('locale', () => {
  it('picks Chinese for the zh-CN family and falls back to English for everything else', () => {
    expect(['zh-CN', 'zh', 'zh_CN', 'zh-Hans', 'zh-Hans-CN', 'ZH-cn'].map(mailLocaleOf)).toEqual(
      Array(6).fill('zh-CN'),
    );
    expect(['en', 'en-GB', 'fr-FR', 'zh-TW', '', null, undefined].map(mailLocaleOf)).toEqual(
      Array(7).fill('en'),
    );
  });

  it('writes money from minor units in the currency’s own precision', () => {
    expect(formatMoney(12900, 'CNY', 'zh-CN')).toBe('¥129.00');
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500');
    expect(formatMoney(1999, 'EUR', 'en')).toBe('€19.99');
  });
});

/** The control and bidirectional characters in `value` (line breaks and tabs allowed where `breaks`). */
const controlsIn = (value: string, breaks: boolean) =>
  [...value].filter((char) => {
    const code = char.codePointAt(0) ?? 0;
    if (breaks && (char === '\n' || char === '\r' || char === '\t')) return false;
    return (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    );
  });

describe('unicode controls', () => {
  const rlo = '\u202e';
  const tricky = `Refund for order ${rlo}fdp.exe\u2066x\u2069 NEL\u0085here C1\u009b bell\u0007`;

  it('drops C0/C1 controls, NEL and bidirectional overrides from the subject', () => {
    const email = created('x', tricky);

    expect(controlsIn(email.subject, false)).toEqual([]);
    expect(email.subject).toContain('Refund for order fdp.exex NEL here C1 bell');
  });

  it('shows them inert, as code points, in both bodies and keeps line breaks', () => {
    const email = created(`${tricky}\nsecond line`);

    for (const body of [email.html, email.text]) {
      expect(controlsIn(body, true)).toEqual([]);
      expect(body).toContain('[U+202E]fdp.exe[U+2066]x[U+2069] NEL[U+0085]here C1[U+009B] bell[U+0007]');
    }
    expect(email.text).toContain('\n> second line');
  });

  it('leaves no control or bidirectional character in any subject or body, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        const email = created(value, value || null);
        expect(controlsIn(email.subject, false)).toEqual([]);
        expect(controlsIn(email.html, true)).toEqual([]);
        expect(controlsIn(email.text, true)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
