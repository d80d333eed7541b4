import { systemClock } from '../../shared/clock.js';
import { BusinessRuleError, UnauthorizedError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { requireSecret } from '../../shared/secrets.js';
import { ticketDeps } from '../compose.js';
import { surveySecret } from '../config.js';
import { verifySurveyToken } from '../domain/survey-token.js';
import { answerSurvey as route } from '../routes.js';
import { makeRateTicket } from '../use-cases/rate-ticket.js';

let rateTicket: ReturnType<typeof makeRateTicket> | undefined;

/** The survey link's landing call: no login, the signed token names the ticket and its customer. */
export const handler = httpHandler(route, async (request) => {
  const check = verifySurveyToken(
    request.path.surveyToken,
    await requireSecret(surveySecret.name),
    systemClock.now(),
  );
  if (!check.ok && check.reason === 'expired')
    throw new BusinessRuleError(
      'SURVEY_EXPIRED',
      'This survey link has expired; sign in to rate the ticket.',
    );
  if (!check.ok) throw new UnauthorizedError('This survey link is not valid.');
  rateTicket ??= makeRateTicket(ticketDeps());
  const rating = await rateTicket({
    ticketId: check.claims.ticketId,
    customerId: check.claims.customerId,
    answer: request.body,
    via: 'survey',
  });
  return { statusCode: 201, body: rating };
});
