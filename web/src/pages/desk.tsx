import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  isStaffSummary,
  type Problem,
  type TicketSummary,
  type TicketType,
  toProblem,
} from '../api/client.js';
import type { paths } from '../api/schema.js';
import { useApp, useNow, usePolling } from '../app.js';
import { Deadline, Page, ProblemNotice, StatusBadge, useWord } from '../components.js';
import { useI18n } from '../i18n.js';
import { navigate } from '../router.js';
import { Shortcuts } from './ticket.js';

type Query = NonNullable<paths['/v1/tickets']['get']['parameters']['query']>;
type View = NonNullable<Query['view']>;

// The views GET /v1/tickets serves today, keyed by the contract's enum.
const viewSet: Record<View, true> = {
  unassigned: true,
  mine: true,
  team: true,
  breaching: true,
  breached: true,
  pending_customer: true,
  all: true,
};
const views = Object.keys(viewSet) as View[];
const types: TicketType[] = ['refund', 'return', 'exchange', 'repair', 'complaint', 'inquiry'];

/** The agent desk: the ticket views with live countdowns to each ticket's next deadline. */
export function Desk({ params }: { params: URLSearchParams }) {
  const { t } = useI18n();
  const word = useWord();
  const app = useApp();
  const now = useNow(15_000);
  const view = (views as string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'unassigned';
  const type = (types as string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as TicketType)
    : undefined;
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const [tickets, setTickets] = useState<TicketSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [help, setHelp] = useState(false);

  const load = useCallback(
    async (after?: string) => {
      // A search covers every ticket: it takes no view and returns one page.
      const query: Query = q ? { q, limit: 50 } : { view, limit: 50 };
      if (type) query.type = type;
      if (status) query.status = status;
      if (after) query.cursor = after;
      const { data, error, response } = await app.api.GET('/v1/tickets', { params: { query } });
      if (response.status === 401) return app.signOut(true);
      if (error || !data) return setProblem(toProblem(error, response.status));
      setProblem(null);
      // Staff get the desk's entries; the filter only narrows the answer's type.
      const items = data.items.filter(isStaffSummary);
      setTickets((previous) => (after ? [...(previous ?? []), ...items] : items));
      setCursor(data.nextCursor);
    },
    [app, view, type, status, q],
  );
  useEffect(() => {
    setTickets(null);
    void load();
  }, [load]);
  usePolling(
    useCallback(() => void load(), [load]),
    5000,
    cursor === null,
  );

  const go = (next: { view?: View; type?: string; status?: string; q?: string }) => {
    const search = new URLSearchParams();
    search.set('view', next.view ?? view);
    const nextQ = next.q ?? (next.view ? '' : q);
    if (nextQ) search.set('q', nextQ);
    const nextType = next.type ?? type ?? '';
    const nextStatus = next.status ?? status;
    if (nextType) search.set('type', nextType);
    if (nextStatus) search.set('status', nextStatus);
    navigate(`/desk?${search}`);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.target as HTMLElement).closest('input, textarea, select')) return;
      if (event.key === '?') setHelp((shown) => !shown);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Page title={t('desk.title')}>
      <nav aria-label={t('desk.views')} class="tabs">
        <ul>
          {views.map((name) => (
            <li key={name}>
              <a href={`/desk?view=${name}`} aria-current={name === view && !q ? 'page' : undefined}>
                {t(`desk.view.${name}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form class="filters inline" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('desk.search')}{' '}
          <input
            type="search"
            value={q}
            size={24}
            onChange={(event) => go({ q: (event.target as HTMLInputElement).value.trim() })}
          />
        </label>
        <label>
          {t('desk.filterType')}{' '}
          <select
            value={type ?? ''}
            onChange={(event) => go({ type: (event.target as HTMLSelectElement).value })}
          >
            <option value="">{t('desk.any')}</option>
            {types.map((value) => (
              <option key={value} value={value}>
                {word('type', value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('desk.filterStatus')}{' '}
          <input
            value={status}
            size={16}
            pattern="[a-z_]{1,40}"
            onChange={(event) => go({ status: (event.target as HTMLInputElement).value.trim() })}
          />
        </label>
      </form>
      <ProblemNotice problem={problem} />
      {tickets === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : tickets.length === 0 ? (
        <p>{t('desk.empty')}</p>
      ) : (
        <table class="list desk-list">
          <thead>
            <tr>
              <th scope="col">{t('tickets.col.ticket')}</th>
              <th scope="col">{t('tickets.col.type')}</th>
              <th scope="col">{t('tickets.col.status')}</th>
              <th scope="col">{t('tickets.col.priority')}</th>
              <th scope="col">{t('tickets.col.customer')}</th>
              <th scope="col">{t('tickets.col.assignee')}</th>
              <th scope="col">{t('tickets.col.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => {
              const clock = ticket.nextDeadline;
              return (
                <tr key={ticket.id} class={`priority-${ticket.priority}`}>
                  <td>
                    <a href={`/tickets/${encodeURIComponent(ticket.id)}`}>
                      {ticket.subject ??
                        `${word('type', ticket.type)} · ${ticket.orderId ?? ticket.id.slice(0, 8)}`}
                    </a>
                  </td>
                  <td>{word('type', ticket.type)}</td>
                  <td>
                    <StatusBadge status={ticket.status} />
                  </td>
                  <td>{word('priority', ticket.priority)}</td>
                  <td>{ticket.customerId}</td>
                  <td>{ticket.assigneeId ?? t('tickets.unassigned')}</td>
                  <td>{clock ? <Deadline iso={clock.dueAt} now={now} /> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {cursor ? (
        <button type="button" onClick={() => void load(cursor)}>
          {t('tickets.more')}
        </button>
      ) : null}
      <Shortcuts open={help} toggle={() => setHelp(!help)} />
    </Page>
  );
}
