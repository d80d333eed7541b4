import type { Priority } from '../../kernel/ticket-kinds.js';
import { formatDateTime, type MailLocale, mailLocaleOf } from '../../notifications/domain/locale.js';
import { ticketRef } from '../../notifications/domain/templates/types.js';
import type { Order } from '../../orders/domain/order.js';
import type { FieldError } from '../../shared/errors.js';
import type { Ticket } from '../../tickets/domain/ticket.js';

/**
 * Macros (canned responses): a title for staff, a body per language with `{{variables}}`, and
 * follow-up actions run with the message. Bodies are plain text; the notifier's renderer
 * escapes them when they go out as HTML, as it does every message.
 */

export const macroVariables = [
  'customer.name',
  'order.id',
  'ticket.number',
  'refund.amount',
  'sla.resolution.dueAt',
] as const;
export type MacroVariable = (typeof macroVariables)[number];

/** The languages a macro is written in: the ones customer email is written in. */
export const macroLocales = ['en', 'zh-CN'] as const satisfies readonly MailLocale[];

export const macroActionTypes = ['request_info', 'resolve', 'set_priority', 'add_tag', 'remove_tag'] as const;
export type MacroAction =
  | { readonly action: 'request_info' }
  | { readonly action: 'resolve' }
  | { readonly action: 'set_priority'; readonly priority: Priority }
  | { readonly action: 'add_tag'; readonly tag: string }
  | { readonly action: 'remove_tag'; readonly tag: string };

export interface Macro {
  readonly id: string;
  readonly title: string;
  readonly body: Readonly<Record<MailLocale, string>>;
  readonly actions: readonly MacroAction[];
  /** Classification labels this macro answers: tickets with them list it in `suggestedMacros`. */
  readonly labels: readonly string[];
  readonly version: number;
  readonly updatedAt: string;
}

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'variable'; readonly name: MacroVariable };

type Parsed =
  | { readonly ok: true; readonly parts: readonly Part[] }
  | { readonly ok: false; readonly problems: string[] };

const known: ReadonlySet<string> = new Set(macroVariables);
const variablePattern = /^\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/;
/** Control characters (line breaks and tab aside) have no place in a message. */
const isControl = (char: string) => {
  const code = char.charCodeAt(0);
  return (
    (code < 0x20 && char !== '\n' && char !== '\r' && char !== '\t') ||
    code === 0x7f ||
    code === 0x2028 ||
    code === 0x2029
  );
};

/**
 * Splits a body into text and variables. `{{` always opens a variable and `}}` always closes
 * one; a lone `{` or `}` is text. Problems name the character position (1-based).
 */
export function parseTemplate(template: string): Parsed {
  const problems: string[] = [];
  const parts: Part[] = [];
  if ([...template].some(isControl)) problems.push('Control characters other than line breaks and tabs.');
  let text = '';
  let at = 0;
  while (at < template.length) {
    if (template.startsWith('{{', at)) {
      const found = variablePattern.exec(template.slice(at));
      if (!found) {
        const closes = template.indexOf('}}', at + 2);
        const opens = template.indexOf('{{', at + 2);
        problems.push(
          closes === -1 || (opens !== -1 && opens < closes)
            ? `"{{" at character ${at + 1} is never closed with "}}".`
            : `"${template.slice(at, closes + 2)}" at character ${at + 1} is not a variable name.`,
        );
        at = closes === -1 || (opens !== -1 && opens < closes) ? at + 2 : closes + 2;
        continue;
      }
      const name = found[1] ?? '';
      if (!known.has(name))
        problems.push(
          `Unknown variable {{${name}}} at character ${at + 1}; known: ${macroVariables.join(', ')}.`,
        );
      else {
        if (text) parts.push({ kind: 'text', text });
        text = '';
        parts.push({ kind: 'variable', name: name as MacroVariable });
      }
      at += found[0].length;
      continue;
    }
    if (template.startsWith('}}', at)) {
      problems.push(`"}}" at character ${at + 1} closes nothing.`);
      at += 2;
      continue;
    }
    text += template[at];
    at += 1;
  }
  if (text) parts.push({ kind: 'text', text });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, parts };
}

/** Every problem of every body, named by its field (`body.en`, `body.zh-CN`): checked at save time. */
export function templateErrors(body: Readonly<Record<MailLocale, string>>): FieldError[] {
  return macroLocales.flatMap((locale) => {
    const parsed = parseTemplate(body[locale]);
    return parsed.ok ? [] : parsed.problems.map((message) => ({ path: `body.${locale}`, message }));
  });
}

/** What a macro is rendered with: the ticket and the order facts as they stand. */
export interface MacroContext {
  readonly ticket: Pick<Ticket, 'id' | 'currency' | 'orderId' | 'refund'> & {
    readonly sla: Pick<Ticket['sla'], 'clocks'> | null;
  };
  readonly order: Pick<Order, 'id' | 'customerName' | 'timeZone'> | null;
  /** The desk's zone, for customers whose order facts carry none. */
  readonly deskTimeZone: string;
}

export interface RenderedMacro {
  readonly locale: MailLocale;
  readonly body: string;
  /** Variables the ticket has no value for (rendered as a neutral placeholder). */
  readonly missing: readonly MacroVariable[];
}

/**
 * Integer minor units in an ISO 4217 currency, in the reader's locale. The amount goes to
 * `Intl.NumberFormat` as a decimal string, so no binary fraction ever rounds it.
 */
export function formatMinorUnits(amount: number | bigint, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const minor = BigInt(amount);
  const sign = minor < 0n ? '-' : '';
  const units = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  const decimal = digits > 0 ? `${units.slice(0, -digits)}.${units.slice(-digits)}` : units;
  return format.format(`${sign}${decimal}` as `${number}`);
}

/**
 * A value from the ticket or the order is one line of plain text: no control characters or
 * line breaks, and never a `{{`/`}}` that could read as a variable.
 */
export function safeValue(value: string, maxLength = 200): string {
  const flat = [...value]
    .map((char) => (isControl(char) || /\s/.test(char) ? ' ' : char))
    .join('')
    .replace(/\{\{/g, '{ {')
    .replace(/\}\}/g, '} }')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

const placeholders: Readonly<Record<MailLocale, { readonly customer: string; readonly unknown: string }>> = {
  en: { customer: 'customer', unknown: '—' },
  'zh-CN': { customer: '顾客', unknown: '—' },
};

function zoneOrDesk(zone: string | null | undefined, desk: string): string {
  if (!zone) return desk;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return desk;
  }
}

function variableValue(name: MacroVariable, context: MacroContext, locale: MailLocale): string | null {
  const { ticket, order } = context;
  switch (name) {
    case 'customer.name':
      return order?.customerName ? safeValue(order.customerName) : null;
    case 'order.id': {
      const id = ticket.orderId ?? order?.id ?? null;
      return id ? safeValue(id) : null;
    }
    case 'ticket.number':
      return ticketRef(ticket.id);
    case 'refund.amount': {
      const currency = ticket.refund?.currency ?? ticket.currency;
      return ticket.refund && currency ? formatMinorUnits(ticket.refund.amount, currency, locale) : null;
    }
    case 'sla.resolution.dueAt': {
      const clock = ticket.sla?.clocks.resolution;
      if (!clock || clock.completedAt) return null;
      return formatDateTime(clock.dueAt, locale, zoneOrDesk(order?.timeZone, context.deskTimeZone));
    }
  }
}

/**
 * The macro's body in the customer's language (`zh*` → zh-CN, anything else English), its
 * variables filled in one pass: a value is never read again as a template.
 */
export function renderMacro(
  macro: Pick<Macro, 'body'>,
  context: MacroContext,
  customerLocale: string | null | undefined,
): RenderedMacro {
  const locale = mailLocaleOf(customerLocale);
  const parsed = parseTemplate(macro.body[locale]);
  if (!parsed.ok) throw new Error(`Macro body ${locale} was stored unchecked: ${parsed.problems.join(' ')}`);
  const missing: MacroVariable[] = [];
  const body = parsed.parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const value = variableValue(part.name, context, locale);
      if (value !== null) return value;
      if (!missing.includes(part.name)) missing.push(part.name);
      return part.name === 'customer.name' ? placeholders[locale].customer : placeholders[locale].unknown;
    })
    .join('');
  return { locale, body, missing };
}

export interface SuggestedMacro {
  readonly id: string;
  readonly title: string;
  /** The ticket's labels this macro answers. */
  readonly labels: readonly string[];
}

/**
 * Macros whose labels meet the ticket's, ordered by the ticket's strongest label they answer
 * (labels come strongest first), then by how many they answer, then by title.
 */
export function suggestedMacros(
  labels: readonly (string | { readonly label: string })[],
  macros: readonly Pick<Macro, 'id' | 'title' | 'labels'>[],
  limit = 5,
): SuggestedMacro[] {
  const ranked = labels.map((entry) => (typeof entry === 'string' ? entry : entry.label));
  return macros
    .map((macro) => ({
      id: macro.id,
      title: macro.title,
      labels: ranked.filter((label) => macro.labels.includes(label)),
    }))
    .filter((macro) => macro.labels.length > 0)
    .sort(
      (a, b) =>
        ranked.indexOf(a.labels[0] ?? '') - ranked.indexOf(b.labels[0] ?? '') ||
        b.labels.length - a.labels.length ||
        a.title.localeCompare(b.title),
    )
    .slice(0, limit);
}
