import { defaultAfterSalesPolicy, type PlatformTimeouts } from '../../after-sales/domain/policy.js';
import { raisedPriority } from '../../kernel/ticket-kinds.js';
import { applyPolicy, fireDuePoints, pendingPoints } from '../../sla/domain/clocks.js';
import { type SlaPolicy, selectPolicy } from '../../sla/domain/policy.js';
import type { NewEvent, Transition } from './lifecycle.js';
import { platformDueAt, platformTimerFor } from './platform-timeouts.js';
import { isTerminal, type SurveyTimer, type Ticket } from './ticket.js';
import { defaultWatchdogSettings, type WatchdogSettings, watchDueAt, watchFor } from './watchdog.js';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/** A day after resolution, unless SURVEY_DELAY_MINUTES says otherwise. */
export const defaultSurveyDelayMinutes = 1440;

const earliest = (candidates: readonly (string | null)[]): string | null =>
  candidates.filter((at): at is string => at !== null).sort()[0] ?? null;

/** When the survey of a resolved ticket falls due, while it has not gone out nor been answered. */
const surveyDueAt = (ticket: Ticket): string | null =>
  ticket.survey && !ticket.survey.sentAt && !ticket.satisfaction ? ticket.survey.dueAt : null;

/**
 * The next instant at which something must happen to this ticket by itself: an SLA warning,
 * breach or escalation level, the survey email or the automatic close of a resolved ticket, or,
 * once it ended, the erasure of its personal data (retention). Null when none.
 */
export function ticketNextDueAt(ticket: Ticket): string | null {
  if (isTerminal(ticket)) return ticket.retentionDueAt ?? null;
  if (ticket.status === 'resolved') return earliest([ticket.autoCloseAt, surveyDueAt(ticket)]);
  return earliest([pendingPoints(ticket.sla)[0]?.at ?? null, platformDueAt(ticket), watchDueAt(ticket)]);
}

export interface TicketSettings extends Partial<WatchdogSettings> {
  /** Days after which a resolved ticket closes unless reopened. */
  readonly autoCloseDays: number;
  /** Days a ticket that ended keeps its personal data (RETENTION_DAYS); without it, no retention timer. */
  readonly retentionDays?: number;
  /** Minutes after resolution at which the survey email goes out (SURVEY_DELAY_MINUTES; default a day). */
  readonly surveyDelayMinutes?: number;
}

/**
 * The survey timer a ticket carries: while it is resolved and not rated, the one it has, else one
 * due `surveyDelayMinutes` after its resolution; none otherwise. A reopened ticket loses it and
 * gets a new one when it is resolved again.
 */
export function surveyFor(ticket: Ticket, settings: TicketSettings, now: Date): SurveyTimer | null {
  if (ticket.status !== 'resolved' || ticket.satisfaction) return null;
  if (ticket.survey) return ticket.survey;
  const delay = (settings.surveyDelayMinutes ?? defaultSurveyDelayMinutes) * MINUTE;
  const resolvedAt = Date.parse(ticket.resolvedAt ?? now.toISOString());
  return { dueAt: new Date(resolvedAt + delay).toISOString(), sentAt: null };
}

/**
 * When an ended ticket's personal data falls due for erasure: `retentionDays` after it closed (a
 * cancelled ticket that never closed: after its last change). Null while it is open.
 */
export function retentionDueAt(
  ticket: Pick<Ticket, 'status' | 'closedAt' | 'updatedAt'>,
  retentionDays: number,
): string | null {
  if (!isTerminal(ticket)) return null;
  return new Date(Date.parse(ticket.closedAt ?? ticket.updatedAt) + retentionDays * DAY).toISOString();
}

/** Whether an ended ticket's retention timer has fallen due. */
export function retentionTimerDue(ticket: Ticket, now: Date): boolean {
  return isTerminal(ticket) && !!ticket.retentionDueAt && Date.parse(ticket.retentionDueAt) <= now.getTime();
}

export function watchdogSettingsOf(settings: TicketSettings): WatchdogSettings {
  return {
    watchdogSeconds: settings.watchdogSeconds ?? defaultWatchdogSettings.watchdogSeconds,
    maxRedrives: settings.maxRedrives ?? defaultWatchdogSettings.maxRedrives,
  };
}

/**
 * Brings derived state up to date after any change: the SLA policy that now matches the
 * ticket (a priority change, or a new version of its policy, moves the deadlines at once), the
 * survey and the automatic close of a resolved ticket and the platform timeout its status runs.
 */
export function settleTicket(
  ticket: Ticket,
  policies: readonly SlaPolicy[],
  settings: TicketSettings,
  now: Date,
  timeouts: PlatformTimeouts = defaultAfterSalesPolicy.timeouts,
): Ticket {
  const policy = selectPolicy(policies, ticket);
  const current = ticket.sla.policyId === policy.id && ticket.sla.policyVersion === policy.version;
  const sla = current || isTerminal(ticket) ? ticket.sla : applyPolicy(ticket.sla, policy, now);
  const autoCloseAt =
    ticket.status === 'resolved'
      ? (ticket.autoCloseAt ??
        new Date(
          Date.parse(ticket.resolvedAt ?? now.toISOString()) + settings.autoCloseDays * DAY,
        ).toISOString())
      : null;
  // Tickets stored before the survey timer have no field; they keep none unless one is due.
  const survey = surveyFor(ticket, settings, now);
  const surveyField = survey || ticket.survey ? { survey } : {};
  // An ended ticket's only timer; a reopened one drops it and starts over when it ends again.
  const retention =
    settings.retentionDays !== undefined && isTerminal(ticket)
      ? { retentionDueAt: retentionDueAt(ticket, settings.retentionDays) }
      : ticket.retentionDueAt
        ? { retentionDueAt: null }
        : {};
  return {
    ...ticket,
    sla,
    autoCloseAt,
    ...surveyField,
    ...retention,
    platformTimer: platformTimerFor(ticket, timeouts, now),
    watch: watchFor(ticket, watchdogSettingsOf(settings), now),
  };
}

/**
 * Fires whatever is due: SLA warnings, breaches and escalation levels (each once per ticket,
 * metric, level and SLA version), the survey email (once: `SurveyRequested`), or the automatic
 * close. Pure; the caller persists the result.
 */
export function fireTimers(ticket: Ticket, now: Date): Transition {
  const at = now.toISOString();
  if (isTerminal(ticket)) return { ticket, events: [] };
  if (ticket.status === 'resolved') {
    const surveyDue = surveyDueAt(ticket);
    if (ticket.survey && surveyDue && Date.parse(surveyDue) <= now.getTime()) {
      return {
        ticket: { ...ticket, survey: { ...ticket.survey, sentAt: at }, updatedAt: at },
        events: [{ type: 'SurveyRequested', visibility: 'public', data: { dueAt: surveyDue } }],
      };
    }
    if (!ticket.autoCloseAt || Date.parse(ticket.autoCloseAt) > now.getTime()) return { ticket, events: [] };
    return {
      ticket: {
        ...ticket,
        status: 'closed',
        resumeStatus: null,
        closedAt: at,
        autoCloseAt: null,
        updatedAt: at,
      },
      events: [{ type: 'TicketClosed', visibility: 'public', data: { from: 'resolved', automatic: true } }],
    };
  }
  const { sla, fired } = fireDuePoints(ticket.sla, now);
  if (fired.length === 0) return { ticket, events: [] };
  let next: Ticket = { ...ticket, sla, updatedAt: at };
  const events: NewEvent[] = [];
  for (const point of fired) {
    const dueAt = sla.clocks[point.metric]?.dueAt ?? point.at;
    if (point.kind === 'warning') {
      events.push({ type: 'SlaWarning', visibility: 'internal', data: { metric: point.metric, dueAt } });
      continue;
    }
    if (point.kind === 'breach') {
      events.push({ type: 'SlaBreached', visibility: 'internal', data: { metric: point.metric, dueAt } });
      continue;
    }
    const level = sla.escalations.find((e) => e.level === point.level);
    if (!level) continue;
    const raised = level.raisePriority ? raisedPriority(next.priority) : next.priority;
    next = {
      ...next,
      escalationLevel: Math.max(next.escalationLevel, level.level),
      priority: raised,
      ...(level.moveToTeam ? { team: level.moveToTeam, assigneeId: null } : {}),
    };
    events.push({
      type: 'TicketEscalated',
      visibility: 'internal',
      data: {
        level: level.level,
        trigger: 'sla',
        metric: point.metric,
        note: null,
        notify: level.notify,
        priority: raised,
        team: next.team,
        alertOperations: level.alertOperations,
      },
    });
  }
  return { ticket: next, events };
}
