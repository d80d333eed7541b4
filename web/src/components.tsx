import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { AnyTicket, Problem } from './api/client.js';
import { formatDateTime, formatMoney, formatRelative, isPast } from './format.js';
import { hasKey, type MessageKey, useI18n } from './i18n.js';

export function Money({ minor, currency }: { minor: number; currency: string }) {
  const { locale } = useI18n();
  return <span class="money">{formatMoney(minor, currency, locale)}</span>;
}

export function DateTime({ iso }: { iso: string }) {
  const { locale } = useI18n();
  return <time dateTime={iso}>{formatDateTime(iso, locale)}</time>;
}

/** A deadline with its countdown; a passed one is marked breached. */
export function Deadline({ iso, now }: { iso: string; now: Date }) {
  const { locale, t } = useI18n();
  const late = isPast(iso, now);
  return (
    <span class={late ? 'deadline breached' : 'deadline'}>
      <time dateTime={iso} title={formatDateTime(iso, locale)}>
        {formatRelative(iso, now, locale)}
      </time>
      {late ? <strong class="tag tag-breached"> {t('ticket.breached')}</strong> : null}
    </span>
  );
}

/** A word the server sends (a status, a type…) in the reader's language; unknown ones as sent. */
export function useWord() {
  const { t } = useI18n();
  return (prefix: string, value: string) => {
    const key = `${prefix}.${value}`;
    return hasKey(key) ? t(key) : value;
  };
}

export function StatusBadge({ status }: { status: string }) {
  const word = useWord();
  return <span class={`status status-${status}`}>{word('status', status)}</span>;
}

/** The message of a problem: the translated code where there is one, else the server's detail. */
export function useProblemText() {
  const { t } = useI18n();
  return (problem: Problem) => {
    const key = `problem.${problem.code}`;
    return hasKey(key) ? t(key as MessageKey) : problem.detail || problem.title;
  };
}

export function ProblemNotice({ problem, lead }: { problem: Problem | null; lead?: string }) {
  const text = useProblemText();
  if (!problem) return null;
  return (
    <div class="notice notice-error" role="alert">
      {lead ? <p>{lead}</p> : null}
      <p>{text(problem)}</p>
    </div>
  );
}

/** Field errors of a problem+json, by path ("items.0.sku", "reason"). */
export function fieldErrors(problem: Problem | null): Map<string, string> {
  const errors = new Map<string, string>();
  for (const error of problem?.errors ?? []) {
    if (!errors.has(error.path)) errors.set(error.path, error.message);
  }
  return errors;
}

/** The error shown next to a field; its id is what the field's aria-describedby names. */
export function FieldError({
  id,
  message,
  code,
}: {
  id: string;
  message?: string | undefined;
  code?: string;
}) {
  const text = useProblemText();
  if (!message) return null;
  const translated = code ? text({ code, detail: message, title: message, status: 422, type: '' }) : message;
  return (
    <p class="field-error" id={id}>
      {translated}
    </p>
  );
}

export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <>
      <h1>{title}</h1>
      {children}
    </>
  );
}

/** Statuses where nothing more is promised to the customer: no "by when", no countdown. */
const settled = new Set(['refunded', 'resolved', 'closed', 'cancelled', 'rejected']);

/** The running SLA clock that matters next: the next response, the first, else resolution. */
export function nextClock(ticket: AnyTicket): { metric: string; dueAt: string } | null {
  if (settled.has(ticket.status)) return null;
  for (const metric of ['nextResponse', 'firstResponse', 'resolution'] as const) {
    const clock = ticket.sla[metric];
    if (clock && (clock.state === 'running' || clock.state === 'breached'))
      return { metric, dueAt: clock.dueAt };
  }
  return null;
}
