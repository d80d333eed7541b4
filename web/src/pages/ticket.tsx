import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  type ActionName,
  type ActionRequest,
  type AnyTicket,
  type AnyTimelineEvent,
  idempotencyKey,
  isStaffEvent,
  isStaffTicket,
  type Order,
  type Problem,
  type Ticket,
  toProblem,
} from '../api/client.js';
import { useApp, useNow, usePolling } from '../app.js';
import {
  DateTime,
  Deadline,
  Money,
  nextClock,
  Page,
  ProblemNotice,
  StatusBadge,
  useWord,
} from '../components.js';
import { formatDateTime, formatMoney, formatRelative } from '../format.js';
import { hasKey, type MessageKey, type Translate, useI18n } from '../i18n.js';
import { navigate } from '../router.js';
import { isStaff } from '../session.js';
import { ActionForm, isActionName } from './actions.js';
import { Macros } from './macros.js';
import { RatingForm } from './rating.js';

/** Statuses the system moves by itself soon: the page looks again more often. */
const moving = new Set(['requested', 'approved', 'refunding', 'inspected', 'received']);

/** The ticket page: customers see the public timeline; staff the full one, the order and every action. */
export function TicketPage({ id }: { id: string }) {
  const { t } = useI18n();
  const word = useWord();
  const app = useApp();
  const staff = isStaff(app.session);
  const [ticket, setTicket] = useState<AnyTicket | null>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [open, setOpen] = useState<ActionName | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [help, setHelp] = useState(false);
  const composer = useRef<HTMLTextAreaElement | null>(null);

  const load = useCallback(async () => {
    const { data, error, response } = await app.api.GET('/v1/tickets/{ticketId}', {
      params: { path: { ticketId: id } },
    });
    if (response.status === 401) return app.signOut(true);
    if (error || !data) return setProblem(toProblem(error, response.status));
    setProblem(null);
    setTicket(data);
  }, [app, id]);
  useEffect(() => {
    setTicket(null);
    void load();
  }, [load]);
  usePolling(
    useCallback(() => void load(), [load]),
    ticket && moving.has(ticket.status) ? 1500 : 5000,
  );

  const orderId = ticket?.orderId ?? null;
  const orderVersion = ticket?.version;
  useEffect(() => {
    if (!staff || !orderId) return;
    void app.api
      .GET('/v1/orders/{orderId}', { params: { path: { orderId } } })
      .then(({ data }) => setOrder(data ?? null));
  }, [app, staff, orderId, orderVersion]);

  const perform = useCallback(
    async (request: ActionRequest): Promise<Problem | null> => {
      const { data, error, response } = await app.api.POST('/v1/tickets/{ticketId}/actions', {
        params: { path: { ticketId: id } },
        body: request,
      });
      if (response.status === 401) {
        app.signOut(true);
        return null;
      }
      if (data) {
        // The action's answer carries no timeline: keep the one shown until it is read again.
        setTicket((shown) => keepTimeline(data, shown));
        setNotice(null);
        void load();
        return null;
      }
      const refused = toProblem(error, response.status);
      if (response.status === 409) {
        await load();
        setNotice(t('ticket.changed'));
      }
      return refused;
    },
    [app, id, load, t],
  );

  const me = app.session?.sub ?? '';
  const allowed = (ticket?.allowedActions ?? []).filter(isActionName);
  const canTake =
    staff &&
    allowed.includes('assign') &&
    ticket !== null &&
    isStaffTicket(ticket) &&
    ticket.assigneeId !== me;

  // Keyboard shortcuts for the frequent desk actions (listed on the page).
  useEffect(() => {
    if (!staff) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.closest('input, textarea, select, [contenteditable]')) return;
      const focusComposer = (next: 'reply' | 'note') => {
        setMode(next);
        setOpen(null);
        requestAnimationFrame(() => composer.current?.focus());
      };
      const openAction = (action: ActionName) => allowed.includes(action) && setOpen(action);
      const handled: Record<string, () => unknown> = {
        t: () => canTake && void perform({ action: 'assign', assigneeId: me }),
        r: () => focusComposer('reply'),
        n: () => focusComposer('note'),
        i: () => openAction('request_info'),
        s: () => openAction('resolve'),
        u: () => navigate('/desk'),
        '?': () => setHelp((shown) => !shown),
      };
      const run = handled[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  if (!ticket) {
    return (
      <Page title={t('app.loading')}>
        {problem ? <ProblemNotice problem={problem} /> : <p role="status">{t('app.loading')}</p>}
      </Page>
    );
  }

  const currency = ticket.refund?.currency ?? order?.currency ?? 'CNY';
  const title =
    ticket.subject ??
    t('ticket.title', { type: word('type', ticket.type), id: ticket.orderId ?? ticket.id.slice(0, 8) });
  // "Take" and "Release" stand for the agent's own assignment; supervisors may also assign anyone.
  const actionButtons = allowed.filter((action) => !(staff && action === 'assign'));
  const release = staff && allowed.includes('assign') && isStaffTicket(ticket) && ticket.assigneeId === me;
  const mayAssignOthers = app.session?.roles.some((role) => role === 'supervisor' || role === 'admin');

  return (
    <Page title={title}>
      <div class={staff ? 'ticket-layout desk' : 'ticket-layout'}>
        <div class="ticket-main">
          <TicketFacts ticket={ticket} />
          {notice ? (
            <p class="notice" role="status">
              {notice}
            </p>
          ) : null}
          {isStaffTicket(ticket) ? <Deadlines ticket={ticket} /> : <NextStep ticket={ticket} />}

          <section aria-labelledby="actions-title" class="panel">
            <h2 id="actions-title">{t('ticket.actions')}</h2>
            {actionButtons.length === 0 && !canTake && !release ? <p>{t('ticket.noActions')}</p> : null}
            <div class="buttons">
              {canTake ? (
                <button
                  type="button"
                  class="primary"
                  onClick={() => void perform({ action: 'assign', assigneeId: me })}
                >
                  {t('action.take')}
                </button>
              ) : null}
              {release ? (
                <button type="button" onClick={() => void perform({ action: 'assign', assigneeId: null })}>
                  {t('action.release')}
                </button>
              ) : null}
              {mayAssignOthers && allowed.includes('assign') ? (
                <button
                  type="button"
                  aria-expanded={open === 'assign'}
                  onClick={() => setOpen(open === 'assign' ? null : 'assign')}
                >
                  {t('action.assign')}
                </button>
              ) : null}
              {actionButtons.map((action) => (
                <button
                  type="button"
                  key={action}
                  aria-expanded={open === action}
                  onClick={() => setOpen(open === action ? null : action)}
                >
                  {t(`action.${action}`)}
                </button>
              ))}
            </div>
            {open && allowed.includes(open) ? (
              <ActionForm
                key={open}
                action={open}
                currency={currency}
                perform={perform}
                onDone={() => setOpen(null)}
              />
            ) : null}
          </section>

          {isStaffTicket(ticket) ? (
            <Macros
              ticket={ticket}
              onApplied={(applied) => {
                setTicket((shown) => keepTimeline(applied.ticket, shown));
                void load();
              }}
            />
          ) : null}

          {!staff && ticket.status === 'resolved' && !ticket.satisfaction ? (
            <section aria-labelledby="rate-title" class="panel">
              <h2 id="rate-title">{t('ticket.rate')}</h2>
              <RatingForm
                headingLevel={3}
                submit={async (answer) => {
                  const { data, error, response } = await app.api.POST(
                    '/v1/tickets/{ticketId}/satisfaction',
                    {
                      params: { path: { ticketId: ticket.id } },
                      body: answer,
                    },
                  );
                  if (data) {
                    await load();
                    return null;
                  }
                  return toProblem(error, response.status);
                }}
              />
            </section>
          ) : null}
          {ticket.satisfaction ? (
            <p class="notice notice-done">{t('ticket.rated', { score: ticket.satisfaction.score })}</p>
          ) : null}

          <Timeline ticket={ticket} staff={staff} me={me} />
          <Composer
            ticket={ticket}
            staff={staff}
            mode={mode}
            setMode={setMode}
            textarea={composer}
            onSent={load}
          />
        </div>
        {staff ? (
          <aside class="ticket-side" aria-label={t('ticket.order')}>
            {order ? <OrderFacts order={order} /> : null}
            <Shortcuts open={help} toggle={() => setHelp(!help)} />
          </aside>
        ) : null}
      </div>
    </Page>
  );
}

/** An action's answer carries no timeline: the one shown stays until the ticket is read again. */
function keepTimeline(next: AnyTicket, shown: AnyTicket | null): AnyTicket {
  if (next.timeline || !shown?.timeline) return next;
  if (isStaffTicket(next) && isStaffTicket(shown)) return { ...next, timeline: shown.timeline };
  if (!isStaffTicket(next) && !isStaffTicket(shown)) return { ...next, timeline: shown.timeline };
  return next;
}

function TicketFacts({ ticket }: { ticket: AnyTicket }) {
  const { t } = useI18n();
  const word = useWord();
  return (
    <dl class="facts">
      <div>
        <dt>{t('ticket.status')}</dt>
        <dd data-testid="ticket-status" data-status={ticket.status}>
          <StatusBadge status={ticket.status} />
        </dd>
      </div>
      {isStaffTicket(ticket) ? (
        <>
          <div>
            <dt>{t('ticket.priority')}</dt>
            <dd>{word('priority', ticket.priority)}</dd>
          </div>
          <div>
            <dt>{t('ticket.assignee')}</dt>
            <dd data-testid="ticket-assignee">{ticket.assigneeId ?? t('tickets.unassigned')}</dd>
          </div>
        </>
      ) : null}
      {ticket.orderId ? (
        <div>
          <dt>{t('ticket.order')}</dt>
          <dd>{ticket.orderId}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('ticket.reason')}</dt>
        <dd>{word('reason', ticket.reason)}</dd>
      </div>
      {ticket.items.length > 0 ? (
        <div>
          <dt>{t('ticket.items')}</dt>
          <dd>{ticket.items.map((item) => `${item.name} × ${item.quantity}`).join(', ')}</dd>
        </div>
      ) : null}
      {ticket.refund ? (
        <div>
          <dt>{t('ticket.refund')}</dt>
          <dd>
            <Money minor={ticket.refund.amount} currency={ticket.refund.currency} />
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t('ticket.created')}</dt>
        <dd>
          <DateTime iso={ticket.createdAt} />
        </dd>
      </div>
    </dl>
  );
}

/** What happens next, and by when (the running SLA clock's deadline). */
function NextStep({ ticket }: { ticket: AnyTicket }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const status = ticket.status;
  const lines: string[] = [];
  if (status === 'awaiting_shipment' && ticket.pickupBooking) {
    lines.push(
      t('next.awaiting_pickup', {
        carrier: ticket.pickupBooking.carrier,
        from: formatDateTime(ticket.pickupBooking.window.from, locale),
        to: formatDateTime(ticket.pickupBooking.window.to, locale),
      }),
    );
  } else if (status === 'rejected') {
    lines.push(t('next.rejected', { reason: ticket.rejectionReason ?? '' }));
    if (ticket.allowedActions.includes('appeal')) lines.push(t('next.rejectedAppeal'));
  } else if (status === 'refund_failed' && ticket.refund?.failureReason) {
    lines.push(ticket.refund.failureReason);
  } else {
    const key = `next.${status}`;
    lines.push(hasKey(key) ? t(key as MessageKey) : t('next.default'));
  }
  if (status === 'resolved' && ticket.autoCloseAt)
    lines.push(t('next.resolvedClose', { date: formatDateTime(ticket.autoCloseAt, locale) }));
  if (status === 'refunded' && ticket.refund)
    lines.push(formatMoney(ticket.refund.amount, ticket.refund.currency, locale));
  const clock = nextClock(ticket);
  return (
    <section class="panel next" aria-labelledby="next-title">
      <h2 id="next-title">{t('next.title')}</h2>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {clock ? (
        <p>
          {t('next.by', {
            date: formatDateTime(clock.dueAt, locale),
            relative: formatRelative(clock.dueAt, now, locale),
          })}
        </p>
      ) : null}
    </section>
  );
}

function Deadlines({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const now = useNow(15_000);
  const clocks = (['firstResponse', 'nextResponse', 'resolution'] as const).flatMap((metric) => {
    const clock = ticket.sla[metric];
    return clock ? [{ metric, clock }] : [];
  });
  if (clocks.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">{t('ticket.deadlines')}</h2>
      <ul class="deadlines">
        {clocks.map(({ metric, clock }) => (
          <li key={metric}>
            <span>{t(`ticket.deadline.${metric}`)}</span>{' '}
            <span class="hint">({t(`ticket.deadline.state.${clock.state}`)})</span>{' '}
            {clock.state === 'running' || clock.state === 'breached' ? (
              <Deadline iso={clock.dueAt} now={now} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function eventText(
  event: AnyTimelineEvent,
  t: Translate,
  locale: string,
  word: (prefix: string, value: string) => string,
): string {
  const data = event.data as Record<string, unknown>;
  const text = (name: string) => (typeof data[name] === 'string' ? (data[name] as string) : '');
  if (event.type === 'TicketAssigned' && !data.to) return t('event.TicketUnassigned');
  const key = `event.${event.type}`;
  if (!hasKey(key)) return event.type;
  const amount =
    typeof data.amount === 'number' && typeof data.currency === 'string'
      ? formatMoney(data.amount, data.currency, locale)
      : '';
  return t(key as MessageKey, {
    to: event.type === 'PriorityChanged' ? word('priority', text('to')) : text('to'),
    amount,
    carrier: text('carrier'),
    trackingNumber: text('trackingNumber'),
    result: text('result') ? t(`field.result.${text('result') as 'accepted' | 'rejected'}`) : '',
    level: String(data.level ?? ''),
    score: String(data.score ?? ''),
  });
}

/** The free text an event carries: a message, a summary, a reason, a note. */
function eventBody(event: AnyTimelineEvent, ticket: AnyTicket): string | null {
  if (event.type === 'TicketCreated') return ticket.description || null;
  const data = event.data as Record<string, unknown>;
  for (const name of ['body', 'message', 'summary', 'reason', 'note', 'comment']) {
    const value = data[name];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

function Timeline({ ticket, staff, me }: { ticket: AnyTicket; staff: boolean; me: string }) {
  const { t, locale } = useI18n();
  const word = useWord();
  const events: AnyTimelineEvent[] = [...(ticket.timeline ?? [])].reverse();
  const who = (event: AnyTimelineEvent) => {
    if (event.actor.role === 'system') return t('ticket.system');
    // A customer's timeline names roles only: the customer is the reader, anyone else the desk.
    if (!isStaffEvent(event)) return event.actor.role === 'customer' ? t('ticket.you') : t('ticket.staff');
    if (event.actor.id === me) return t('ticket.you');
    if (event.actor.role === 'customer') return t('ticket.customer');
    return staff ? event.actor.id : t('ticket.staff');
  };
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('ticket.timeline')}</h2>
      <ol class="timeline">
        {events.map((event) => {
          const internal = isStaffEvent(event) && event.visibility === 'internal';
          const body = eventBody(event, ticket);
          return (
            <li
              key={event.id}
              class={`event${internal ? ' internal' : ''}${event.type === 'MessageAdded' ? ' message' : ''}`}
              data-type={event.type}
            >
              <p class="event-head">
                {internal ? (
                  <strong class="tag tag-internal">
                    {event.type === 'MessageAdded' ? t('ticket.internal') : t('ticket.internalEvent')}
                  </strong>
                ) : null}
                <span class="event-who">{who(event)}</span>
                <span class="event-what">
                  {event.type === 'MessageAdded' ? '' : eventText(event, t, locale, word)}
                </span>
                <DateTime iso={event.at} />
              </p>
              {body ? <p class="event-body">{body}</p> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Composer({
  ticket,
  staff,
  mode,
  setMode,
  textarea,
  onSent,
}: {
  ticket: AnyTicket;
  staff: boolean;
  mode: 'reply' | 'note';
  setMode: (mode: 'reply' | 'note') => void;
  textarea: { current: HTMLTextAreaElement | null };
  onSent: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const app = useApp();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [key, setKey] = useState(idempotencyKey);
  if (ticket.status === 'closed' || ticket.status === 'cancelled') return null;
  const internal = staff && mode === 'note';

  const send = async (event?: Event) => {
    event?.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    const { data, error, response } = await app.api.POST('/v1/tickets/{ticketId}/messages', {
      params: { path: { ticketId: ticket.id } },
      body: { body: body.trim(), internal },
      headers: { 'Idempotency-Key': key },
    });
    setBusy(false);
    if (response.status === 401) return app.signOut(true);
    if (!data) return setProblem(toProblem(error, response.status));
    setProblem(null);
    setBody('');
    setKey(idempotencyKey());
    await onSent();
  };

  return (
    <section aria-labelledby="reply-title" class={internal ? 'panel composer internal' : 'panel composer'}>
      <h2 id="reply-title">{t('ticket.reply')}</h2>
      <form class="stack" onSubmit={(event) => void send(event)}>
        {staff ? (
          <fieldset class="inline">
            <legend class="visually-hidden">{t('ticket.reply')}</legend>
            {(['reply', 'note'] as const).map((value) => (
              <label key={value} class="choice">
                <input
                  type="radio"
                  name="mode"
                  value={value}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                />
                {t(`ticket.mode.${value}`)}
              </label>
            ))}
          </fieldset>
        ) : null}
        <ProblemNotice problem={problem} />
        <div class="field">
          <label for="f-message">{internal ? t('ticket.noteLabel') : t('ticket.replyLabel')}</label>
          <textarea
            id="f-message"
            ref={(element) => {
              textarea.current = element;
            }}
            rows={4}
            maxLength={10_000}
            value={body}
            onInput={(event) => setBody((event.target as HTMLTextAreaElement).value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send();
            }}
          />
        </div>
        <p>
          <button type="submit" class="primary" disabled={busy || !body.trim()}>
            {busy ? t('ticket.sending') : internal ? t('ticket.sendNote') : t('ticket.send')}
          </button>
        </p>
      </form>
    </section>
  );
}

function OrderFacts({ order }: { order: Order }) {
  const { t } = useI18n();
  const date = (iso: string | null) => (iso ? <DateTime iso={iso} /> : t('order.notYet'));
  return (
    <section class="panel order" aria-labelledby="order-title">
      <h2 id="order-title">{t('order.title', { id: order.id })}</h2>
      <dl class="facts compact">
        <div>
          <dt>{t('order.customer')}</dt>
          <dd>
            {order.customerName ?? order.customerId} · {order.customerTier}
          </dd>
        </div>
        <div>
          <dt>{t('order.placed')}</dt>
          <dd>{date(order.placedAt)}</dd>
        </div>
        <div>
          <dt>{t('order.shipped')}</dt>
          <dd>{date(order.shippedAt)}</dd>
        </div>
        <div>
          <dt>{t('order.delivered')}</dt>
          <dd>{date(order.deliveredAt)}</dd>
        </div>
        <div>
          <dt>{t('order.shippingFee')}</dt>
          <dd>
            <Money minor={order.shippingFee} currency={order.currency} />
          </dd>
        </div>
        <div>
          <dt>{t('order.total')}</dt>
          <dd>
            <Money minor={order.total} currency={order.currency} />
          </dd>
        </div>
      </dl>
      <ul class="order-lines">
        {order.items.map((item) => (
          <li key={item.sku}>
            <span class="line-name">
              {item.name} <code>{item.sku}</code>
              {item.finalSale ? <span class="tag"> {t('order.finalSale')}</span> : null}
            </span>
            <span>
              {item.quantity} × <Money minor={item.unitPrice} currency={order.currency} />
            </span>
            <span class="hint">
              {t('order.lineState', {
                claimed: item.claimedQuantity,
                refunded: item.refundedQuantity,
                refundable: item.refundableQuantity,
              })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Shortcuts({ open, toggle }: { open: boolean; toggle: () => void }) {
  const { t } = useI18n();
  const keys: [string, MessageKey][] = [
    ['t', 'desk.shortcut.take'],
    ['r', 'desk.shortcut.reply'],
    ['n', 'desk.shortcut.note'],
    ['i', 'desk.shortcut.info'],
    ['s', 'desk.shortcut.resolve'],
    ['u', 'desk.shortcut.back'],
    ['Ctrl+Enter', 'desk.shortcut.send'],
    ['?', 'desk.shortcut.help'],
  ];
  return (
    <details
      class="panel shortcuts"
      open={open}
      onToggle={(event) => open !== (event.target as HTMLDetailsElement).open && toggle()}
    >
      <summary>{t('desk.shortcuts')}</summary>
      <dl>
        {keys.map(([key, label]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
