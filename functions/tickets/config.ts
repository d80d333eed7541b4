import * as z from 'zod/mini';
import {
  defineConfig,
  nonNegativeNumber,
  positiveNumber,
  signingSecret,
  variable,
} from '../shared/config.js';

/** What the ticket core reads from the environment (every function that settles or writes tickets). */
export const ticketsConfig = defineConfig({
  autoCloseDays: variable(
    'AUTO_CLOSE_DAYS',
    z._default(positiveNumber, 7),
    'Days after which a resolved ticket closes by itself (the stage setting `autoCloseDays`).',
  ),
  watchdogSeconds: variable(
    'WATCHDOG_SECONDS',
    z._default(positiveNumber, 600),
    'How long an automated step may take before the watchdog re-drives it.',
  ),
  retentionDays: variable(
    'RETENTION_DAYS',
    // Three years after closing (ADR 11).
    z._default(positiveNumber, 1095),
    'Days a closed (or cancelled) ticket keeps its personal data before the retention timer erases it; fractions of a day are allowed (local tests).',
  ),
  surveyDelayMinutes: variable(
    'SURVEY_DELAY_MINUTES',
    z._default(positiveNumber, 1440),
    'Minutes after resolution at which the CSAT/NPS survey email goes out, unless the ticket was reopened or rated meanwhile; fractions are allowed (local tests).',
  ),
  contentionDeadlineMs: variable(
    'CONTENTION_DEADLINE_MS',
    z._default(nonNegativeNumber, 8000),
    'How long a write that names no version is retried while other writes to the ticket land first.',
  ),
});

/** Signs survey tokens (the notifier) and verifies them (the survey route): the token is the ticket's. */
export const surveySecret = signingSecret('SURVEY_SECRET', 'The HMAC key of survey tokens.');

/** What only the create-ticket route reads: the per-customer limit on new tickets. */
export const ticketCreationConfig = defineConfig({
  maxTicketsPerHour: variable(
    'MAX_TICKETS_PER_HOUR',
    z._default(positiveNumber.check(z.int()), 20),
    'Tickets a customer may open in one clock hour (UTC); the next is 429 TOO_MANY_TICKETS with Retry-After.',
  ),
});
