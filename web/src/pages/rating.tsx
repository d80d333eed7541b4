import { useState } from 'preact/hooks';
import type { Problem } from '../api/client.js';
import { FieldError, fieldErrors } from '../components.js';
import { useI18n } from '../i18n.js';

export interface RatingAnswer {
  score: number;
  nps?: number;
  comment?: string;
}

/**
 * CSAT 1–5 and NPS 0–10 as two radio groups and a comment: the survey page (no sign-in) and
 * the ticket page (signed in) both use it. `submit` answers a problem, or null when recorded.
 */
export function RatingForm({
  initialScore,
  initialNps,
  submit,
  headingLevel = 2,
}: {
  initialScore?: number | undefined;
  initialNps?: number | undefined;
  submit: (answer: RatingAnswer) => Promise<Problem | null>;
  headingLevel?: 2 | 3;
}) {
  const { t } = useI18n();
  const [score, setScore] = useState<number | undefined>(initialScore);
  const [nps, setNps] = useState<number | undefined>(initialNps);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (score === undefined) return setMissing(true);
    setMissing(false);
    setBusy(true);
    const answer: RatingAnswer = { score };
    if (nps !== undefined) answer.nps = nps;
    if (comment.trim()) answer.comment = comment.trim();
    setProblem(await submit(answer));
    setBusy(false);
  };

  const scale = (
    name: 'score' | 'nps',
    from: number,
    to: number,
    value: number | undefined,
    set: (n: number) => void,
  ) => (
    <div class="scale">
      {Array.from({ length: to - from + 1 }, (_, i) => from + i).map((n) => (
        <label key={n} class="scale-option">
          <input type="radio" name={name} value={n} checked={value === n} onChange={() => set(n)} />
          <span>{n}</span>
        </label>
      ))}
    </div>
  );

  return (
    <form class="stack rating" onSubmit={(event) => void onSubmit(event)} noValidate>
      <Heading class="visually-hidden">{t('survey.title')}</Heading>
      <fieldset aria-describedby={`csat-range${missing || errors.has('score') ? ' e-score' : ''}`}>
        <legend>{t('survey.csat')}</legend>
        {scale('score', 1, 5, score, setScore)}
        <p class="hint" id="csat-range">
          {t('survey.csat.1')} · {t('survey.csat.5')}
        </p>
        <FieldError id="e-score" message={missing ? t('survey.pickScore') : errors.get('score')} />
      </fieldset>
      <fieldset aria-describedby="nps-range">
        <legend>{t('survey.nps')}</legend>
        {scale('nps', 0, 10, nps, setNps)}
        <p class="hint" id="nps-range">
          {t('survey.nps.0')} · {t('survey.nps.10')}
        </p>
        <FieldError id="e-nps" message={errors.get('nps')} />
      </fieldset>
      <div class="field">
        <label for="f-comment">{t('survey.comment')}</label>
        <textarea
          id="f-comment"
          rows={3}
          maxLength={2000}
          value={comment}
          onInput={(event) => setComment((event.target as HTMLTextAreaElement).value)}
        />
      </div>
      {problem && !problem.errors?.length ? (
        <p class="notice notice-error" role="alert">
          {problem.detail}
        </p>
      ) : null}
      <p>
        <button type="submit" class="primary" disabled={busy}>
          {t('survey.submit')}
        </button>
      </p>
    </form>
  );
}
