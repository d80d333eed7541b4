import { useState } from 'preact/hooks';
import { toProblem } from '../api/client.js';
import { useApp } from '../app.js';
import { Page } from '../components.js';
import { hasKey, useI18n } from '../i18n.js';
import { RatingForm } from './rating.js';

const inRange = (text: string | null, from: number, to: number) => {
  const n = text === null ? Number.NaN : Number(text);
  return Number.isInteger(n) && n >= from && n <= to ? n : undefined;
};

/**
 * The survey the resolved email links to (`/survey?token=…`, the email's score buttons add
 * `&score=N` or `&nps=N`). No sign-in: the signed token names the ticket and its customer.
 */
export function Survey({ token, preset }: { token: string | null; preset: URLSearchParams }) {
  const { t } = useI18n();
  const app = useApp();
  const [outcome, setOutcome] = useState<string | null>(null);

  if (!token) {
    return (
      <Page title={t('survey.title')}>
        <p class="notice notice-error" role="alert">
          {t('survey.noToken')}
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('survey.title')}>
      {outcome ? (
        <p class="notice notice-done" role="status">
          {outcome}
        </p>
      ) : (
        <>
          <p>{t('survey.lead')}</p>
          <RatingForm
            initialScore={inRange(preset.get('score'), 1, 5)}
            initialNps={inRange(preset.get('nps'), 0, 10)}
            submit={async (answer) => {
              const { data, error, response } = await app.api.POST('/v1/surveys/{surveyToken}', {
                params: { path: { surveyToken: token } },
                body: answer,
              });
              if (data) {
                setOutcome(t('survey.thanks'));
                return null;
              }
              const problem = toProblem(error, response.status);
              const key = `survey.${problem.code}`;
              if (hasKey(key)) setOutcome(t(key));
              else if (response.status === 401) setOutcome(t('survey.invalid'));
              else if (response.status === 404) setOutcome(t('survey.gone'));
              else return problem;
              return null;
            }}
          />
        </>
      )}
    </Page>
  );
}
