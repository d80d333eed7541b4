import { useCallback, useEffect, useState } from 'preact/hooks';
import { type CustomerTicketSummary, type Problem, type TicketSummary, toProblem } from '../api/client.js';
import { useApp, usePolling } from '../app.js';
import { DateTime, Page, ProblemNotice, StatusBadge, useWord } from '../components.js';
import { useI18n } from '../i18n.js';

/** The customer's tickets (GET /v1/tickets), newest first, a page at a time. */
export function MyTickets() {
  const { t } = useI18n();
  const word = useWord();
  const app = useApp();
  const [tickets, setTickets] = useState<(TicketSummary | CustomerTicketSummary)[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(
    async (after?: string) => {
      const { data, error, response } = await app.api.GET('/v1/tickets', {
        params: { query: { limit: 20, ...(after ? { cursor: after } : {}) } },
      });
      if (response.status === 401) return app.signOut(true);
      if (error || !data) return setProblem(toProblem(error, response.status));
      setProblem(null);
      setTickets((previous) => (after ? [...(previous ?? []), ...data.items] : data.items));
      setCursor(data.nextCursor);
    },
    [app],
  );
  useEffect(() => void load(), [load]);
  usePolling(
    useCallback(() => void load(), [load]),
    10_000,
    cursor === null,
  );

  return (
    <Page title={t('tickets.title')}>
      <p>
        <a class="button" href="/orders">
          {t('nav.newTicket')}
        </a>
      </p>
      <ProblemNotice problem={problem} />
      {tickets === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : tickets.length === 0 ? (
        <p>{t('tickets.empty')}</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t('tickets.col.ticket')}</th>
              <th scope="col">{t('tickets.col.type')}</th>
              <th scope="col">{t('tickets.col.status')}</th>
              <th scope="col">{t('tickets.col.opened')}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.id}>
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
                <td>
                  <DateTime iso={ticket.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor ? (
        <button type="button" onClick={() => void load(cursor)}>
          {t('tickets.more')}
        </button>
      ) : null}
    </Page>
  );
}
