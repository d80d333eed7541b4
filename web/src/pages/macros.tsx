import { useEffect, useState } from 'preact/hooks';
import { idempotencyKey, type Problem, type Ticket, toProblem } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useApp } from '../app.js';
import { ProblemNotice } from '../components.js';
import { useI18n } from '../i18n.js';

type Macro = components['schemas']['Macro'];
type Applied = components['schemas']['AppliedMacro'];

/**
 * The desk's macros on a staff ticket page: the ones the ticket read suggests for its labels
 * first, then every macro in a picker. The chosen one is previewed (its text and what it does)
 * and applied with one `POST /v1/tickets/{id}/macros/{macroId}` at the version shown; the page
 * then shows what was sent and the variables the ticket had no value for.
 */
export function Macros({ ticket, onApplied }: { ticket: Ticket; onApplied: (applied: Applied) => void }) {
  const { t, locale } = useI18n();
  const app = useApp();
  const [macros, setMacros] = useState<Macro[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<{ title: string; missing: readonly string[] } | null>(null);
  const [key, setKey] = useState(idempotencyKey);

  useEffect(() => {
    void app.api.GET('/v1/macros').then(({ data, error, response }) => {
      if (response.status === 401) return app.signOut(true);
      if (!data) return setProblem(toProblem(error, response.status));
      setMacros(data.items);
    });
  }, [app]);

  const suggested = ticket.suggestedMacros ?? [];
  const macro = macros?.find((candidate) => candidate.id === chosen) ?? null;
  const choose = (id: string) => {
    setChosen(id);
    setResult(null);
    setProblem(null);
    setKey(idempotencyKey());
  };

  const apply = async (event: Event) => {
    event.preventDefault();
    if (!macro) return;
    setBusy(true);
    const { data, error, response } = await app.api.POST('/v1/tickets/{ticketId}/macros/{macroId}', {
      params: { path: { ticketId: ticket.id, macroId: macro.id } },
      body: { version: ticket.version },
      headers: { 'Idempotency-Key': key },
    });
    setBusy(false);
    if (response.status === 401) return app.signOut(true);
    if (!data) return setProblem(toProblem(error, response.status));
    setProblem(null);
    setResult({ title: macro.title, missing: data.missing });
    setChosen('');
    setKey(idempotencyKey());
    onApplied(data);
  };

  if (ticket.status === 'closed' || ticket.status === 'cancelled') return null;
  return (
    <section aria-labelledby="macros-title" class="panel macros">
      <h2 id="macros-title">{t('macros.title')}</h2>
      {suggested.length > 0 ? (
        <>
          <h3 id="macros-suggested">{t('macros.suggested')}</h3>
          <ul class="buttons" aria-labelledby="macros-suggested">
            {suggested.map((entry) => (
              <li key={entry.id}>
                <button type="button" aria-pressed={chosen === entry.id} onClick={() => choose(entry.id)}>
                  {entry.title}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {macros && macros.length === 0 ? <p>{t('macros.none')}</p> : null}
      {macros && macros.length > 0 ? (
        <form class="stack" onSubmit={(event) => void apply(event)}>
          <div class="field">
            <label for="f-macro">{t('macros.pick')}</label>
            <select
              id="f-macro"
              value={chosen}
              onChange={(event) => choose((event.target as HTMLSelectElement).value)}
            >
              <option value="">{t('macros.choose')}</option>
              {macros.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.title}
                </option>
              ))}
            </select>
          </div>
          {macro ? (
            <div class="macro-preview" data-testid="macro-preview">
              <p class="hint">{t('macros.preview')}</p>
              <blockquote>{macro.body[locale === 'zh-CN' ? 'zh-CN' : 'en']}</blockquote>
              {macro.actions.length > 0 ? (
                <p>
                  {t('macros.then', {
                    actions: macro.actions
                      .map((entry) =>
                        [
                          t(`action.${entry.action}`),
                          entry.tag,
                          entry.priority && t(`priority.${entry.priority}`),
                        ]
                          .filter(Boolean)
                          .join(': '),
                      )
                      .join(' · '),
                  })}
                </p>
              ) : null}
            </div>
          ) : null}
          <ProblemNotice problem={problem} />
          <p>
            <button type="submit" class="primary" disabled={!macro || busy}>
              {busy ? t('action.working') : t('macros.apply')}
            </button>
          </p>
        </form>
      ) : (
        <ProblemNotice problem={problem} />
      )}
      {result ? (
        <p class="notice notice-done" role="status">
          {t('macros.applied', { title: result.title })}
          {result.missing.length > 0 ? ` ${t('macros.missing', { names: result.missing.join(', ') })}` : ''}
        </p>
      ) : null}
    </section>
  );
}
