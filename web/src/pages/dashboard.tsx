import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Problem, toProblem } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useApp } from '../app.js';
import { Page, ProblemNotice, useWord } from '../components.js';
import { useI18n } from '../i18n.js';
import { ticketTypes } from '../kinds.js';
import { loadSession } from '../session.js';

type Summary = components['schemas']['ReportSummary'];

const DAY = 24 * 60 * 60 * 1000;
/** A UTC calendar day, as the report reads them: `YYYY-MM-DD`. */
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY));

/** The chosen period in whole UTC days, `to` inclusive as people say it; the API's `to` is exclusive. */
interface Period {
  readonly from: string;
  readonly to: string;
}
const lastDays = (days: number): Period => {
  const today = dayOf(new Date());
  return { from: addDays(today, 1 - days), to: today };
};
const query = (period: Period) => ({ from: period.from, to: addDays(period.to, 1) });

const formatNumber = (value: number | null, locale: string, digits = 0) =>
  value === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);

/** The supervisor's dashboard: `GET /v1/reports/summary` for a chosen period, as figures and charts. */
export function Dashboard() {
  const { t, locale } = useI18n();
  const app = useApp();
  const [period, setPeriod] = useState<Period>(() => lastDays(7));
  const [draft, setDraft] = useState<Period>(period);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [csvProblem, setCsvProblem] = useState<string | null>(null);

  const load = useCallback(
    async (chosen: Period) => {
      setProblem(null);
      const { data, error, response } = await app.api.GET('/v1/reports/summary', {
        params: { query: query(chosen) },
      });
      if (response.status === 401) return app.signOut(true);
      // The route also answers text/csv; this request accepts JSON only.
      if (error || !data || typeof data === 'string') return setProblem(toProblem(error, response.status));
      setSummary(data);
    },
    [app],
  );
  useEffect(() => void load(period), [load, period]);

  const choose = (next: Period) => {
    setDraft(next);
    setPeriod(next);
  };

  /** The same report as CSV (`Accept: text/csv`), saved through a Blob link. */
  const downloadCsv = async () => {
    setCsvProblem(null);
    const session = loadSession();
    const search = new URLSearchParams(query(period));
    try {
      const response = await fetch(`${app.config.apiUrl}/v1/reports/summary?${search}`, {
        headers: {
          Accept: 'text/csv',
          ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
        },
      });
      if (response.status === 401) return app.signOut(true);
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !type.startsWith('text/csv')) {
        return setCsvProblem(t('dashboard.csvUnavailable', { status: response.status }));
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `redress-report-${period.from}-${period.to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch {
      setCsvProblem(t('problem.network'));
    }
  };

  return (
    <Page title={t('dashboard.title')}>
      <form
        class="inline period"
        onSubmit={(event) => {
          event.preventDefault();
          setPeriod(draft);
        }}
      >
        <div class="field">
          <label for="period-from">{t('dashboard.from')}</label>
          <input
            id="period-from"
            type="date"
            value={draft.from}
            onInput={(event) => setDraft({ ...draft, from: (event.target as HTMLInputElement).value })}
          />
        </div>
        <div class="field">
          <label for="period-to">{t('dashboard.to')}</label>
          <input
            id="period-to"
            type="date"
            value={draft.to}
            onInput={(event) => setDraft({ ...draft, to: (event.target as HTMLInputElement).value })}
          />
        </div>
        <button type="submit">{t('dashboard.show')}</button>
        <button type="button" onClick={() => choose(lastDays(1))}>
          {t('dashboard.today')}
        </button>
        <button type="button" onClick={() => choose(lastDays(7))}>
          {t('dashboard.days', { count: 7 })}
        </button>
        <button type="button" onClick={() => choose(lastDays(30))}>
          {t('dashboard.days', { count: 30 })}
        </button>
        <button type="button" onClick={() => void downloadCsv()}>
          {t('dashboard.csv')}
        </button>
      </form>
      <p class="hint">{t('dashboard.utc')}</p>
      {csvProblem ? (
        <p class="notice notice-error" role="alert">
          {csvProblem}
        </p>
      ) : null}
      <ProblemNotice problem={problem} />
      {summary === null ? (
        problem ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : (
        <Figures summary={summary} locale={locale} />
      )}
    </Page>
  );
}

function Figures({ summary, locale }: { summary: Summary; locale: string }) {
  const { t } = useI18n();
  const word = useWord();
  const percent = (value: number | null) => (value === null ? '—' : `${formatNumber(value, locale, 1)}%`);
  const hours = (minutes: number | null) =>
    minutes === null
      ? '—'
      : minutes < 60
        ? t('dashboard.minutes', { minutes: formatNumber(minutes, locale, 0) })
        : t('dashboard.hours', { hours: formatNumber(minutes / 60, locale, 1) });
  return (
    <div class="dashboard" data-testid="dashboard">
      <dl class="kpis">
        <Kpi id="tickets" label={t('dashboard.tickets')} value={formatNumber(summary.tickets, locale)} />
        <Kpi
          id="first-response"
          label={t('dashboard.firstResponseMet')}
          value={percent(summary.firstResponse.percentMet)}
          detail={t('dashboard.median', { time: hours(summary.firstResponse.medianMinutes) })}
        />
        <Kpi
          id="resolution"
          label={t('dashboard.resolutionMet')}
          value={percent(summary.resolution.percentMet)}
          detail={t('dashboard.median', { time: hours(summary.resolution.medianMinutes) })}
        />
        <Kpi
          id="csat"
          label={t('dashboard.csat')}
          value={formatNumber(summary.csat.average, locale, 2)}
          detail={t('dashboard.responses', { count: summary.csat.responses })}
        />
        <Kpi
          id="nps"
          label={t('dashboard.nps')}
          value={formatNumber(summary.nps.score, locale, 0)}
          detail={t('dashboard.responses', { count: summary.nps.responses })}
        />
        <Kpi
          id="backlog"
          label={t('dashboard.backlog')}
          value={formatNumber(summary.backlog.total, locale)}
        />
      </dl>

      <div class="charts">
        <section aria-labelledby="chart-sla">
          <h2 id="chart-sla">{t('dashboard.slaChart')}</h2>
          <StackedBars
            label={t('dashboard.slaChart')}
            rows={[
              {
                name: t('dashboard.firstResponse'),
                parts: [summary.firstResponse.met, summary.firstResponse.breached],
              },
              {
                name: t('dashboard.resolution'),
                parts: [summary.resolution.met, summary.resolution.breached],
              },
            ]}
            partNames={[t('dashboard.met'), t('dashboard.breached')]}
            partClasses={['met', 'breached']}
          />
        </section>
        <section aria-labelledby="chart-nps">
          <h2 id="chart-nps">{t('dashboard.npsChart')}</h2>
          <StackedBars
            label={t('dashboard.npsChart')}
            rows={[
              {
                name: t('dashboard.nps'),
                parts: [summary.nps.promoters, summary.nps.passives, summary.nps.detractors],
              },
            ]}
            partNames={[t('dashboard.promoters'), t('dashboard.passives'), t('dashboard.detractors')]}
            partClasses={['met', 'passive', 'breached']}
          />
        </section>
        <section aria-labelledby="chart-backlog">
          <h2 id="chart-backlog">{t('dashboard.backlogChart')}</h2>
          <Bars
            label={t('dashboard.backlogChart')}
            rows={ticketTypes.map((type) => ({
              name: word('type', type),
              value: summary.backlog.byType[type] ?? 0,
            }))}
          />
        </section>
      </div>

      <h2 id="agents-heading">{t('dashboard.agents')}</h2>
      {summary.agents.length === 0 ? (
        <p>{t('dashboard.noAgents')}</p>
      ) : (
        <table class="list" aria-labelledby="agents-heading">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.agent')}</th>
              <th scope="col">{t('dashboard.tickets')}</th>
              <th scope="col">{t('dashboard.resolved')}</th>
              <th scope="col">{t('dashboard.firstResponseMet')}</th>
              <th scope="col">{t('dashboard.csat')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.agents.map((agent) => (
              <tr key={agent.assigneeId} data-agent={agent.assigneeId}>
                <th scope="row">{agent.assigneeId}</th>
                <td>{formatNumber(agent.tickets, locale)}</td>
                <td>{formatNumber(agent.resolved, locale)}</td>
                <td>{percent(agent.firstResponse.percentMet)}</td>
                <td>
                  {formatNumber(agent.csatAverage, locale, 2)}{' '}
                  <span class="hint">({t('dashboard.responses', { count: agent.csatResponses })})</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Kpi({ id, label, value, detail }: { id: string; label: string; value: string; detail?: string }) {
  return (
    <div class="kpi" data-kpi={id}>
      <dt>{label}</dt>
      <dd>
        <span class="kpi-value">{value}</span>
        {detail ? <span class="hint">{detail}</span> : null}
      </dd>
    </div>
  );
}

const WIDTH = 360;
const LABEL = 110;
const ROW = 28;

/** Horizontal bars in plain SVG; every value is also written beside its bar. */
function Bars({ label, rows }: { label: string; rows: { name: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  const scale = (WIDTH - LABEL - 40) / max;
  return (
    <svg
      class="chart"
      role="img"
      aria-label={`${label}: ${rows.map((row) => `${row.name} ${row.value}`).join(', ')}`}
      viewBox={`0 0 ${WIDTH} ${rows.length * ROW + 4}`}
    >
      {rows.map((row, index) => (
        <g key={row.name} transform={`translate(0 ${index * ROW + 2})`}>
          <text x={LABEL - 6} y={ROW / 2} text-anchor="end" dominant-baseline="middle">
            {row.name}
          </text>
          <rect class="bar" x={LABEL} y={4} width={row.value * scale} height={ROW - 8} />
          <text x={LABEL + row.value * scale + 4} y={ROW / 2} dominant-baseline="middle">
            {row.value}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Bars split into parts (met / breached; promoters / passives / detractors), each 100% wide. */
function StackedBars({
  label,
  rows,
  partNames,
  partClasses,
}: {
  label: string;
  rows: { name: string; parts: number[] }[];
  partNames: string[];
  partClasses: string[];
}) {
  const span = WIDTH - LABEL - 8;
  const described = rows
    .map((row) => `${row.name}: ${row.parts.map((value, i) => `${partNames[i]} ${value}`).join(', ')}`)
    .join('; ');
  return (
    <figure class="chart-figure">
      <svg
        class="chart"
        role="img"
        aria-label={`${label}. ${described}`}
        viewBox={`0 0 ${WIDTH} ${rows.length * ROW + 4}`}
      >
        {rows.map((row, index) => {
          const total = row.parts.reduce((sum, value) => sum + value, 0);
          let x = LABEL;
          return (
            <g key={row.name} transform={`translate(0 ${index * ROW + 2})`}>
              <text x={LABEL - 6} y={ROW / 2} text-anchor="end" dominant-baseline="middle">
                {row.name}
              </text>
              {total === 0 ? (
                <rect class="bar empty" x={LABEL} y={4} width={span} height={ROW - 8} />
              ) : (
                row.parts.map((value, part) => {
                  const width = (value / total) * span;
                  const at = x;
                  x += width;
                  return (
                    <rect
                      key={partNames[part]}
                      class={`bar ${partClasses[part] ?? ''}`}
                      x={at}
                      y={4}
                      width={width}
                      height={ROW - 8}
                    />
                  );
                })
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {partNames.map((name, part) => (
          <span key={name} class={`key ${partClasses[part] ?? ''}`}>
            {name}: {rows.map((row) => row.parts[part] ?? 0).join(' / ')}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
