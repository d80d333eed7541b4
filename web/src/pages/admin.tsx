import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Problem, toProblem } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useApp } from '../app.js';
import { FieldError, fieldErrors, Page, ProblemNotice, useWord } from '../components.js';
import { useI18n } from '../i18n.js';
import { allPriorities, allReasons, type Priority, ticketTypes } from '../kinds.js';

type SlaPolicy = components['schemas']['SlaPolicy'];
type PutSlaPolicyRequest = components['schemas']['PutSlaPolicyRequest'];
type AfterSalesPolicy = components['schemas']['AfterSalesPolicy'];
type PutAfterSalesPolicyRequest = components['schemas']['PutAfterSalesPolicyRequest'];
type TicketType = (typeof ticketTypes)[number];
type Reason = (typeof allReasons)[number];
type Timeouts = AfterSalesPolicy['timeouts'];
type Notify = 'assignee' | 'supervisors';
const notifyOptions: readonly Notify[] = ['assignee', 'supervisors'];
/** The API takes at most this many escalation levels. */
const MAX_LEVELS = 5;

const weekdaySet: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', true> = {
  mon: true,
  tue: true,
  wed: true,
  thu: true,
  fri: true,
  sat: true,
  sun: true,
};
type Weekday = keyof typeof weekdaySet;
const weekdays = Object.keys(weekdaySet) as Weekday[];
const timeoutSet: Record<keyof Timeouts, true> = {
  shopResponse: true,
  shopResponseUnshipped: true,
  customerShipReturn: true,
  customerShipReminder: true,
  shopConfirmReceipt: true,
  customerAppeal: true,
};
const timeoutKeys = Object.keys(timeoutSet) as (keyof Timeouts)[];
/** The after-sales policy's amounts kept per currency (a record keyed by ISO code). */
type CapKey = 'returnPostageCaps' | 'keepItemMaxAmount' | 'timeoutApprovalMaxAmount';
const capKeys: readonly CapKey[] = ['returnPostageCaps', 'keepItemMaxAmount', 'timeoutApprovalMaxAmount'];
interface CapRow {
  currency: string;
  amount: string;
}

/**
 * A whole number typed into a field. Anything else (an empty field) becomes NaN, which JSON
 * sends as null: the API, not the page, judges it and names the field in its problem+json.
 */
const whole = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
const optionalWhole = (text: string): number | null => (text.trim() === '' ? null : Number(text));
const list = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);

/** The first error at this path or under it (`calendar.weekly.mon` shows `calendar.weekly.mon.0.1`). */
function errorAt(errors: Map<string, string>, path: string): string | undefined {
  const exact = errors.get(path);
  if (exact) return exact;
  for (const [at, message] of errors) if (at.startsWith(`${path}.`)) return message;
  return undefined;
}

/** A labelled input with its hint and the API's error for `path` beside it (aria-describedby). */
function Field({
  id,
  label,
  path,
  errors,
  hint,
  children,
}: {
  id: string;
  label: string;
  path: string;
  errors: Map<string, string>;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ComponentChildren;
}) {
  const message = errorAt(errors, path);
  const describedBy = [hint ? `h-${id}` : '', message ? `e-${id}` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(message ? { 'aria-invalid': true as const } : {}),
      })}
      {hint ? (
        <p class="hint" id={`h-${id}`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`e-${id}`} message={message} />
    </div>
  );
}

function TextInput({
  value,
  onInput,
  type = 'text',
  ...rest
}: {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'number';
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}) {
  const changed = (event: Event) => onInput((event.target as HTMLInputElement).value);
  return type === 'number' ? (
    <input {...rest} type="number" value={value} onInput={changed} />
  ) : (
    <input {...rest} type="text" value={value} onInput={changed} />
  );
}

function Checkboxes<T extends string>({
  legend,
  options,
  chosen,
  label,
  onChange,
  name,
  error,
}: {
  legend: string;
  options: readonly T[];
  chosen: readonly T[];
  label: (option: T) => string;
  onChange: (chosen: T[]) => void;
  name: string;
  error?: string | undefined;
}) {
  return (
    <fieldset class="field" aria-describedby={error ? `e-${name}` : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label class="choice" key={option}>
          <input
            type="checkbox"
            name={name}
            value={option}
            checked={chosen.includes(option)}
            onChange={(event) =>
              onChange(
                (event.target as HTMLInputElement).checked
                  ? [...chosen, option]
                  : chosen.filter((value) => value !== option),
              )
            }
          />
          {label(option)}
        </label>
      ))}
      <FieldError id={`e-${name}`} message={error} />
    </fieldset>
  );
}

/** Admin settings: the SLA policies and the after-sales policy, each saved as one PUT. */
export function Admin() {
  const { t } = useI18n();
  return (
    <Page title={t('admin.title')}>
      <SlaPolicies />
      <AfterSalesPolicyForm />
    </Page>
  );
}

// SLA policies -----------------------------------------------------------------------------

interface SlaDraft {
  name: string;
  order: string;
  types: TicketType[];
  priorities: Priority[];
  tiers: string;
  calendar: '24x7' | 'business';
  timezone: string;
  weekly: Record<Weekday, string>;
  holidays: string;
  firstResponse: string;
  nextResponse: string;
  resolution: string;
  warnAtPercent: string;
  escalations: EscalationDraft[];
}

/** One level of the escalation ladder; its number is its place in the list. */
interface EscalationDraft {
  afterBreachMinutes: string;
  notify: Notify[];
  raisePriority: boolean;
  moveToTeam: string;
  alertOperations: boolean;
}

function slaDraft(policy: SlaPolicy): SlaDraft {
  const calendar = policy.calendar === '24x7' ? null : policy.calendar;
  const weekly = Object.fromEntries(
    weekdays.map((day) => [
      day,
      (calendar?.weekly[day] ?? []).map(([from, to]) => `${from}-${to}`).join(', '),
    ]),
  ) as Record<Weekday, string>;
  return {
    name: policy.name,
    order: String(policy.order),
    types: (policy.match.types ?? []) as TicketType[],
    priorities: (policy.match.priorities ?? []) as Priority[],
    tiers: (policy.match.tiers ?? []).join(', '),
    calendar: calendar ? 'business' : '24x7',
    timezone: calendar?.timezone ?? 'Asia/Shanghai',
    weekly,
    holidays: (calendar?.holidays ?? []).join('\n'),
    firstResponse: String(policy.targets.firstResponseMinutes),
    nextResponse: String(policy.targets.nextResponseMinutes),
    resolution: String(policy.targets.resolutionMinutes),
    warnAtPercent: String(policy.warnAtPercent),
    escalations: policy.escalations.map((level) => ({
      afterBreachMinutes: String(level.afterBreachMinutes),
      notify: level.notify.filter((who): who is Notify => (notifyOptions as string[]).includes(who)),
      raisePriority: level.raisePriority,
      moveToTeam: level.moveToTeam ?? '',
      alertOperations: level.alertOperations,
    })),
  };
}

function slaRequest(draft: SlaDraft, policy: SlaPolicy): PutSlaPolicyRequest {
  const weekly: Partial<Record<Weekday, [string, string][]>> = {};
  for (const day of weekdays) {
    const intervals = list(draft.weekly[day]).map((interval): [string, string] => {
      const [from = '', to = ''] = interval.split('-').map((part) => part.trim());
      return [from, to];
    });
    if (intervals.length > 0) weekly[day] = intervals;
  }
  const tiers = list(draft.tiers);
  return {
    name: draft.name,
    order: whole(draft.order),
    match: {
      ...(draft.types.length > 0 ? { types: draft.types } : {}),
      ...(draft.priorities.length > 0 ? { priorities: draft.priorities } : {}),
      ...(tiers.length > 0 ? { tiers } : {}),
    },
    calendar:
      draft.calendar === '24x7'
        ? '24x7'
        : { timezone: draft.timezone.trim(), weekly, holidays: list(draft.holidays) },
    targets: {
      firstResponseMinutes: whole(draft.firstResponse),
      ...(draft.nextResponse.trim() ? { nextResponseMinutes: whole(draft.nextResponse) } : {}),
      resolutionMinutes: whole(draft.resolution),
    },
    warnAtPercent: whole(draft.warnAtPercent),
    escalations: draft.escalations.map((level, index) => ({
      level: index + 1,
      afterBreachMinutes: whole(level.afterBreachMinutes),
      notify: level.notify,
      raisePriority: level.raisePriority,
      moveToTeam: level.moveToTeam.trim() || null,
      alertOperations: level.alertOperations,
    })),
    version: policy.version,
  };
}

function SlaPolicies() {
  const { t } = useI18n();
  const app = useApp();
  const [policies, setPolicies] = useState<SlaPolicy[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = async (select?: string) => {
    const { data, error, response } = await app.api.GET('/v1/sla-policies');
    if (response.status === 401) return app.signOut(true);
    if (error || !data) return setProblem(toProblem(error, response.status));
    setPolicies(data.items);
    setChosen((current) => select ?? current ?? data.items[0]?.id ?? null);
  };
  useEffect(() => void load(), []);
  const policy = policies?.find((item) => item.id === chosen);

  return (
    <section aria-labelledby="sla-heading" class="stack admin-section">
      <h2 id="sla-heading">{t('admin.sla.title')}</h2>
      <ProblemNotice problem={problem} />
      {policies === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <div class="field">
          <label for="sla-pick">{t('admin.sla.pick')}</label>
          <select
            id="sla-pick"
            value={chosen ?? ''}
            onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}
          >
            {policies.map((item) => (
              <option key={item.id} value={item.id}>
                {`${item.name} (${item.id})`}
              </option>
            ))}
          </select>
        </div>
      )}
      {policy ? <SlaPolicyForm key={policy.id} policy={policy} onSaved={load} /> : null}
    </section>
  );
}

function SlaPolicyForm({ policy, onSaved }: { policy: SlaPolicy; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const word = useWord();
  const app = useApp();
  const [draft, setDraft] = useState(() => slaDraft(policy));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const set =
    <K extends keyof SlaDraft>(key: K) =>
    (value: SlaDraft[K]) =>
      setDraft({ ...draft, [key]: value });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    const { data, error, response } = await app.api.PUT('/v1/sla-policies/{policyId}', {
      params: { path: { policyId: policy.id } },
      body: slaRequest(draft, policy),
    });
    setBusy(false);
    if (response.status === 401) return app.signOut(true);
    if (error || !data) return setProblem(toProblem(error, response.status));
    setProblem(null);
    setSaved(true);
    onSaved(data.id);
  };

  return (
    <form class="stack" noValidate onSubmit={(event) => void submit(event)} aria-label={t('admin.sla.form')}>
      <ProblemNotice problem={problem} lead={t('admin.notSaved')} />
      {saved ? (
        <p class="notice notice-done" role="status">
          {t('admin.saved')}
        </p>
      ) : null}
      <Field id="sla-name" label={t('admin.sla.name')} path="name" errors={errors}>
        {(props) => <TextInput {...props} value={draft.name} onInput={set('name')} />}
      </Field>
      <Field
        id="sla-order"
        label={t('admin.sla.order')}
        path="order"
        errors={errors}
        hint={t('admin.sla.orderHint')}
      >
        {(props) => <TextInput {...props} type="number" value={draft.order} onInput={set('order')} />}
      </Field>
      <Checkboxes
        legend={t('admin.sla.types')}
        name="sla-types"
        options={ticketTypes}
        chosen={draft.types}
        label={(type) => word('type', type)}
        onChange={set('types')}
        error={errorAt(errors, 'match.types')}
      />
      <Checkboxes
        legend={t('admin.sla.priorities')}
        name="sla-priorities"
        options={allPriorities}
        chosen={draft.priorities}
        label={(priority) => word('priority', priority)}
        onChange={set('priorities')}
        error={errorAt(errors, 'match.priorities')}
      />
      <Field
        id="sla-tiers"
        label={t('admin.sla.tiers')}
        path="match.tiers"
        errors={errors}
        hint={t('admin.listHint')}
      >
        {(props) => <TextInput {...props} value={draft.tiers} onInput={set('tiers')} />}
      </Field>
      <fieldset class="field">
        <legend>{t('admin.sla.targets')}</legend>
        <Field
          id="sla-first"
          label={t('admin.sla.firstResponse')}
          path="targets.firstResponseMinutes"
          errors={errors}
        >
          {(props) => (
            <TextInput {...props} type="number" value={draft.firstResponse} onInput={set('firstResponse')} />
          )}
        </Field>
        <Field
          id="sla-next"
          label={t('admin.sla.nextResponse')}
          path="targets.nextResponseMinutes"
          errors={errors}
        >
          {(props) => (
            <TextInput {...props} type="number" value={draft.nextResponse} onInput={set('nextResponse')} />
          )}
        </Field>
        <Field
          id="sla-resolution"
          label={t('admin.sla.resolution')}
          path="targets.resolutionMinutes"
          errors={errors}
        >
          {(props) => (
            <TextInput {...props} type="number" value={draft.resolution} onInput={set('resolution')} />
          )}
        </Field>
        <Field id="sla-warn" label={t('admin.sla.warnAt')} path="warnAtPercent" errors={errors}>
          {(props) => (
            <TextInput {...props} type="number" value={draft.warnAtPercent} onInput={set('warnAtPercent')} />
          )}
        </Field>
      </fieldset>
      <fieldset class="field">
        <legend>{t('admin.sla.calendar')}</legend>
        <label class="choice">
          <input
            type="radio"
            name="sla-calendar"
            checked={draft.calendar === '24x7'}
            onChange={() => set('calendar')('24x7')}
          />
          {t('admin.sla.allHours')}
        </label>
        <label class="choice">
          <input
            type="radio"
            name="sla-calendar"
            checked={draft.calendar === 'business'}
            onChange={() => set('calendar')('business')}
          />
          {t('admin.sla.businessHours')}
        </label>
        {draft.calendar === 'business' ? (
          <div class="stack">
            <Field id="sla-timezone" label={t('admin.sla.timezone')} path="calendar.timezone" errors={errors}>
              {(props) => <TextInput {...props} value={draft.timezone} onInput={set('timezone')} />}
            </Field>
            {weekdays.map((day) => (
              <Field
                key={day}
                id={`sla-day-${day}`}
                label={t(`admin.day.${day}`)}
                path={`calendar.weekly.${day}`}
                errors={errors}
                hint={t('admin.sla.hoursHint')}
              >
                {(props) => (
                  <TextInput
                    {...props}
                    value={draft.weekly[day]}
                    onInput={(value) => set('weekly')({ ...draft.weekly, [day]: value })}
                  />
                )}
              </Field>
            ))}
            <Field
              id="sla-holidays"
              label={t('admin.sla.holidays')}
              path="calendar.holidays"
              errors={errors}
              hint={t('admin.sla.holidaysHint')}
            >
              {(props) => (
                <textarea
                  {...props}
                  rows={3}
                  value={draft.holidays}
                  onInput={(event) => set('holidays')((event.target as HTMLTextAreaElement).value)}
                />
              )}
            </Field>
          </div>
        ) : null}
      </fieldset>
      <Escalations levels={draft.escalations} onChange={set('escalations')} errors={errors} />
      <button type="submit" disabled={busy}>
        {t('admin.sla.save')}
      </button>
    </form>
  );
}

/** The escalation ladder: levels in order (the API checks each fires no earlier than the one above). */
function Escalations({
  levels,
  onChange,
  errors,
}: {
  levels: EscalationDraft[];
  onChange: (levels: EscalationDraft[]) => void;
  errors: Map<string, string>;
}) {
  const { t } = useI18n();
  const setLevel = (index: number, change: Partial<EscalationDraft>) =>
    onChange(levels.map((level, at) => (at === index ? { ...level, ...change } : level)));
  return (
    <>
      <h3>{t('admin.sla.escalations')}</h3>
      <p class="hint" id="h-sla-escalations">
        {t('admin.sla.escalationsHint')}
      </p>
      <FieldError id="e-sla-escalations" message={errors.get('escalations')} />
      {levels.map((level, index) => {
        const n = index + 1;
        const at = `escalations.${index}`;
        const levelError = errors.get(`${at}.level`) ?? errors.get(at);
        return (
          <fieldset class="field rule" key={index} aria-describedby={levelError ? `e-esc-${n}` : undefined}>
            <legend>{t('admin.sla.level', { n })}</legend>
            <FieldError id={`e-esc-${n}`} message={levelError} />
            <Field
              id={`esc-${n}-after`}
              label={t('admin.sla.afterBreach')}
              path={`${at}.afterBreachMinutes`}
              errors={errors}
            >
              {(props) => (
                <TextInput
                  {...props}
                  type="number"
                  value={level.afterBreachMinutes}
                  onInput={(value) => setLevel(index, { afterBreachMinutes: value })}
                />
              )}
            </Field>
            <Checkboxes
              legend={t('admin.sla.notify')}
              name={`esc-${n}-notify`}
              options={notifyOptions}
              chosen={level.notify}
              label={(who) => t(`admin.sla.notify.${who}`)}
              onChange={(notify) => setLevel(index, { notify })}
              error={errorAt(errors, `${at}.notify`)}
            />
            <label class="choice">
              <input
                type="checkbox"
                checked={level.raisePriority}
                onChange={(event) =>
                  setLevel(index, { raisePriority: (event.target as HTMLInputElement).checked })
                }
              />
              {t('admin.sla.raisePriority')}
            </label>
            <Field
              id={`esc-${n}-team`}
              label={t('admin.sla.moveToTeam')}
              path={`${at}.moveToTeam`}
              errors={errors}
              hint={t('admin.sla.moveToTeamHint')}
            >
              {(props) => (
                <TextInput
                  {...props}
                  value={level.moveToTeam}
                  onInput={(value) => setLevel(index, { moveToTeam: value })}
                />
              )}
            </Field>
            <label class="choice">
              <input
                type="checkbox"
                checked={level.alertOperations}
                onChange={(event) =>
                  setLevel(index, { alertOperations: (event.target as HTMLInputElement).checked })
                }
              />
              {t('admin.sla.alertOperations')}
            </label>
            <button
              type="button"
              class="remove"
              onClick={() => onChange(levels.filter((_, at) => at !== index))}
            >
              {t('admin.sla.removeLevel', { n })}
            </button>
          </fieldset>
        );
      })}
      {levels.length < MAX_LEVELS ? (
        <button
          type="button"
          onClick={() =>
            onChange([
              ...levels,
              {
                afterBreachMinutes: levels.at(-1)?.afterBreachMinutes ?? '0',
                notify: ['supervisors'],
                raisePriority: false,
                moveToTeam: '',
                alertOperations: false,
              },
            ])
          }
        >
          {t('admin.sla.addLevel')}
        </button>
      ) : null}
    </>
  );
}

// After-sales policy -----------------------------------------------------------------------

interface RuleDraft {
  id: string;
  name: string;
  maxAmount: string;
  reasons: Reason[];
  categories: string;
  maxRecentRefunds: string;
  maxDaysSinceDelivery: string;
  maxRefundedAmount30Days: string;
}

interface AfterSalesDraft {
  noReasonDays: string;
  qualityDays: string;
  repairDays: string;
  rules: RuleDraft[];
  ceilings: { currency: string; agent: string; supervisor: string }[];
  caps: Record<CapKey, CapRow[]>;
  timeouts: Record<keyof Timeouts, string>;
}

const optionalText = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

function afterSalesDraft(policy: AfterSalesPolicy): AfterSalesDraft {
  return {
    noReasonDays: String(policy.returnWindows.noReasonDays),
    qualityDays: String(policy.returnWindows.qualityDays),
    repairDays: String(policy.returnWindows.repairDays),
    rules: policy.autoApproval.map((rule) => ({
      id: rule.id,
      name: rule.name,
      maxAmount: String(rule.maxAmount),
      reasons: rule.reasons as Reason[],
      categories: rule.categories.join(', '),
      maxRecentRefunds: String(rule.maxRecentRefunds),
      maxDaysSinceDelivery: optionalText(rule.maxDaysSinceDelivery),
      maxRefundedAmount30Days: optionalText(rule.maxRefundedAmount30Days),
    })),
    ceilings: policy.approvalCeilings.map((ceiling) => ({
      currency: ceiling.currency,
      agent: String(ceiling.agent),
      supervisor: String(ceiling.supervisor),
    })),
    caps: Object.fromEntries(
      capKeys.map((cap) => [
        cap,
        Object.entries(policy[cap]).map(([currency, amount]) => ({ currency, amount: String(amount) })),
      ]),
    ) as Record<CapKey, CapRow[]>,
    timeouts: { ...policy.timeouts },
  };
}

/**
 * A currency named twice in one cap table would be folded into one key of the record the API
 * takes: refused here, beside the second row (`<cap>.rows.<index>`), before anything is sent.
 */
function duplicateCurrencies(draft: AfterSalesDraft, message: string): { path: string; message: string }[] {
  return capKeys.flatMap((cap) => {
    const seen = new Set<string>();
    return draft.caps[cap].flatMap((row, index) => {
      const currency = row.currency.trim();
      const twice = seen.has(currency);
      seen.add(currency);
      return twice ? [{ path: `${cap}.rows.${index}`, message }] : [];
    });
  });
}

function afterSalesRequest(draft: AfterSalesDraft, version: number): PutAfterSalesPolicyRequest {
  return {
    returnWindows: {
      noReasonDays: whole(draft.noReasonDays),
      qualityDays: whole(draft.qualityDays),
      repairDays: whole(draft.repairDays),
    },
    autoApproval: draft.rules.map((rule) => ({
      id: rule.id.trim(),
      name: rule.name,
      maxAmount: whole(rule.maxAmount),
      reasons: rule.reasons,
      categories: list(rule.categories),
      maxRecentRefunds: whole(rule.maxRecentRefunds),
      maxDaysSinceDelivery: optionalWhole(rule.maxDaysSinceDelivery),
      maxRefundedAmount30Days: optionalWhole(rule.maxRefundedAmount30Days),
    })),
    approvalCeilings: draft.ceilings.map((ceiling) => ({
      currency: ceiling.currency.trim(),
      agent: whole(ceiling.agent),
      supervisor: whole(ceiling.supervisor),
    })),
    ...(Object.fromEntries(
      capKeys.map((cap) => [
        cap,
        Object.fromEntries(draft.caps[cap].map((row) => [row.currency.trim(), whole(row.amount)])),
      ]),
    ) as Record<CapKey, Record<string, number>>),
    timeouts: Object.fromEntries(timeoutKeys.map((key) => [key, draft.timeouts[key].trim()])),
    version,
  };
}

function AfterSalesPolicyForm() {
  const { t } = useI18n();
  const app = useApp();
  const [policy, setPolicy] = useState<AfterSalesPolicy | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    void app.api.GET('/v1/after-sales-policy').then(({ data, error, response }) => {
      if (response.status === 401) return app.signOut(true);
      if (error || !data) return setProblem(toProblem(error, response.status));
      setPolicy(data);
    });
  }, []);

  return (
    <section aria-labelledby="after-sales-heading" class="stack admin-section">
      <h2 id="after-sales-heading">{t('admin.afterSales.title')}</h2>
      <ProblemNotice problem={problem} />
      {policy ? (
        <AfterSalesEditor policy={policy} onSaved={setPolicy} />
      ) : problem ? null : (
        <p role="status">{t('app.loading')}</p>
      )}
    </section>
  );
}

function AfterSalesEditor({
  policy,
  onSaved,
}: {
  policy: AfterSalesPolicy;
  onSaved: (policy: AfterSalesPolicy) => void;
}) {
  const { t } = useI18n();
  const word = useWord();
  const app = useApp();
  const [draft, setDraft] = useState(() => afterSalesDraft(policy));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(problem);
  const setRule = (index: number, change: Partial<RuleDraft>) =>
    setDraft({
      ...draft,
      rules: draft.rules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)),
    });
  const setCeiling = (index: number, change: Partial<AfterSalesDraft['ceilings'][number]>) =>
    setDraft({
      ...draft,
      ceilings: draft.ceilings.map((ceiling, at) => (at === index ? { ...ceiling, ...change } : ceiling)),
    });

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const duplicates = duplicateCurrencies(draft, t('admin.afterSales.duplicateCurrency'));
    if (duplicates.length > 0) {
      setProblem({
        type: 'about:blank',
        title: t('admin.afterSales.duplicateCurrency'),
        status: 400,
        detail: t('admin.afterSales.duplicateCurrency'),
        code: 'VALIDATION_FAILED',
        errors: duplicates,
      });
      return;
    }
    setBusy(true);
    const { data, error, response } = await app.api.PUT('/v1/after-sales-policy', {
      body: afterSalesRequest(draft, policy.version),
    });
    setBusy(false);
    if (response.status === 401) return app.signOut(true);
    if (error || !data) return setProblem(toProblem(error, response.status));
    setProblem(null);
    setSaved(true);
    onSaved(data);
  };

  const number = (
    id: string,
    label: string,
    path: string,
    value: string,
    onInput: (value: string) => void,
    hint?: string,
  ) => (
    <Field id={id} label={label} path={path} errors={errors} {...(hint ? { hint } : {})}>
      {(props) => <TextInput {...props} type="number" value={value} onInput={onInput} />}
    </Field>
  );

  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-label={t('admin.afterSales.form')}
    >
      <ProblemNotice problem={problem} lead={t('admin.notSaved')} />
      {saved ? (
        <p class="notice notice-done" role="status">
          {t('admin.saved')}
        </p>
      ) : null}
      <fieldset class="field">
        <legend>{t('admin.afterSales.windows')}</legend>
        {number(
          'as-no-reason',
          t('admin.afterSales.noReasonDays'),
          'returnWindows.noReasonDays',
          draft.noReasonDays,
          (value) => setDraft({ ...draft, noReasonDays: value }),
        )}
        {number(
          'as-quality',
          t('admin.afterSales.qualityDays'),
          'returnWindows.qualityDays',
          draft.qualityDays,
          (value) => setDraft({ ...draft, qualityDays: value }),
        )}
        {number(
          'as-repair',
          t('admin.afterSales.repairDays'),
          'returnWindows.repairDays',
          draft.repairDays,
          (value) => setDraft({ ...draft, repairDays: value }),
        )}
      </fieldset>

      <h3>{t('admin.afterSales.rules')}</h3>
      <p class="hint">{t('admin.afterSales.rulesHint')}</p>
      {draft.rules.map((rule, index) => {
        const at = `autoApproval.${index}`;
        const n = index + 1;
        return (
          <fieldset class="field rule" key={index}>
            <legend>{t('admin.afterSales.rule', { n })}</legend>
            <Field id={`rule-${n}-id`} label={t('admin.afterSales.ruleId')} path={`${at}.id`} errors={errors}>
              {(props) => (
                <TextInput {...props} value={rule.id} onInput={(value) => setRule(index, { id: value })} />
              )}
            </Field>
            <Field
              id={`rule-${n}-name`}
              label={t('admin.afterSales.ruleName')}
              path={`${at}.name`}
              errors={errors}
            >
              {(props) => (
                <TextInput
                  {...props}
                  value={rule.name}
                  onInput={(value) => setRule(index, { name: value })}
                />
              )}
            </Field>
            {number(
              `rule-${n}-max`,
              t('admin.afterSales.maxAmount'),
              `${at}.maxAmount`,
              rule.maxAmount,
              (value) => setRule(index, { maxAmount: value }),
              t('admin.minorUnits'),
            )}
            <Checkboxes
              legend={t('admin.afterSales.reasons')}
              name={`rule-${n}-reasons`}
              options={allReasons}
              chosen={rule.reasons}
              label={(reason) => word('reason', reason)}
              onChange={(reasons) => setRule(index, { reasons })}
              error={errorAt(errors, `${at}.reasons`)}
            />
            <Field
              id={`rule-${n}-categories`}
              label={t('admin.afterSales.categories')}
              path={`${at}.categories`}
              errors={errors}
              hint={t('admin.listHint')}
            >
              {(props) => (
                <TextInput
                  {...props}
                  value={rule.categories}
                  onInput={(value) => setRule(index, { categories: value })}
                />
              )}
            </Field>
            {number(
              `rule-${n}-recent`,
              t('admin.afterSales.maxRecentRefunds'),
              `${at}.maxRecentRefunds`,
              rule.maxRecentRefunds,
              (value) => setRule(index, { maxRecentRefunds: value }),
            )}
            {number(
              `rule-${n}-days`,
              t('admin.afterSales.maxDaysSinceDelivery'),
              `${at}.maxDaysSinceDelivery`,
              rule.maxDaysSinceDelivery,
              (value) => setRule(index, { maxDaysSinceDelivery: value }),
              t('admin.emptyNoLimit'),
            )}
            {number(
              `rule-${n}-30d`,
              t('admin.afterSales.maxRefunded30Days'),
              `${at}.maxRefundedAmount30Days`,
              rule.maxRefundedAmount30Days,
              (value) => setRule(index, { maxRefundedAmount30Days: value }),
              t('admin.emptyNoLimit'),
            )}
            <button
              type="button"
              class="remove"
              onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, at) => at !== index) })}
            >
              {t('admin.afterSales.removeRule', { n })}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() =>
          setDraft({
            ...draft,
            rules: [
              ...draft.rules,
              {
                id: '',
                name: '',
                maxAmount: '',
                reasons: [],
                categories: '',
                maxRecentRefunds: '',
                maxDaysSinceDelivery: '',
                maxRefundedAmount30Days: '',
              },
            ],
          })
        }
      >
        {t('admin.afterSales.addRule')}
      </button>

      <h3>{t('admin.afterSales.ceilings')}</h3>
      <p class="hint">{t('admin.afterSales.ceilingsHint')}</p>
      {draft.ceilings.map((ceiling, index) => {
        const at = `approvalCeilings.${index}`;
        const n = index + 1;
        return (
          <fieldset class="field inline" key={index}>
            <legend>{t('admin.afterSales.ceiling', { n })}</legend>
            <Field
              id={`ceiling-${n}-currency`}
              label={t('admin.afterSales.currency')}
              path={`${at}.currency`}
              errors={errors}
            >
              {(props) => (
                <TextInput
                  {...props}
                  value={ceiling.currency}
                  onInput={(value) => setCeiling(index, { currency: value })}
                />
              )}
            </Field>
            {number(
              `ceiling-${n}-agent`,
              t('admin.afterSales.agentCeiling'),
              `${at}.agent`,
              ceiling.agent,
              (value) => setCeiling(index, { agent: value }),
            )}
            {number(
              `ceiling-${n}-supervisor`,
              t('admin.afterSales.supervisorCeiling'),
              `${at}.supervisor`,
              ceiling.supervisor,
              (value) => setCeiling(index, { supervisor: value }),
            )}
            <button
              type="button"
              class="remove"
              onClick={() => setDraft({ ...draft, ceilings: draft.ceilings.filter((_, at) => at !== index) })}
            >
              {t('admin.afterSales.removeCeiling', { n })}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() =>
          setDraft({ ...draft, ceilings: [...draft.ceilings, { currency: '', agent: '', supervisor: '' }] })
        }
      >
        {t('admin.afterSales.addCeiling')}
      </button>

      <h3>{t('admin.afterSales.caps')}</h3>
      <p class="hint">{t('admin.afterSales.capsHint')}</p>
      {capKeys.map((cap) => (
        <CapTable
          key={cap}
          cap={cap}
          rows={draft.caps[cap]}
          errors={errors}
          onChange={(rows) => setDraft({ ...draft, caps: { ...draft.caps, [cap]: rows } })}
        />
      ))}

      <fieldset class="field">
        <legend>{t('admin.afterSales.timeouts')}</legend>
        <p class="hint">{t('admin.afterSales.timeoutsHint')}</p>
        {timeoutKeys.map((key) => (
          <Field
            key={key}
            id={`timeout-${key}`}
            label={t(`admin.timeout.${key}`)}
            path={`timeouts.${key}`}
            errors={errors}
          >
            {(props) => (
              <TextInput
                {...props}
                value={draft.timeouts[key]}
                onInput={(value) => setDraft({ ...draft, timeouts: { ...draft.timeouts, [key]: value } })}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>
        {t('admin.afterSales.save')}
      </button>
    </form>
  );
}

/**
 * One per-currency table (a record of the API): a row per currency. The API names a bad entry
 * by its currency (`returnPostageCaps.CNY`, or `returnPostageCaps.` for an empty code); the row
 * holding that currency shows it, beside both of its inputs.
 */
function CapTable({
  cap,
  rows,
  errors,
  onChange,
}: {
  cap: CapKey;
  rows: CapRow[];
  errors: Map<string, string>;
  onChange: (rows: CapRow[]) => void;
}) {
  const { t } = useI18n();
  const setRow = (index: number, change: Partial<CapRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  return (
    <fieldset class="field caps">
      <legend>{t(`admin.afterSales.cap.${cap}`)}</legend>
      {rows.map((row, index) => {
        const n = index + 1;
        const id = `cap-${cap}-${n}`;
        const message = errors.get(`${cap}.rows.${index}`) ?? errors.get(`${cap}.${row.currency.trim()}`);
        const described = message ? { 'aria-describedby': `e-${id}`, 'aria-invalid': true as const } : {};
        return (
          <fieldset class="field inline" key={index}>
            <legend>{t('admin.afterSales.capRow', { n })}</legend>
            <div class="field">
              <label for={`${id}-currency`}>{t('admin.afterSales.currency')}</label>
              <TextInput
                id={`${id}-currency`}
                {...described}
                value={row.currency}
                onInput={(value) => setRow(index, { currency: value })}
              />
            </div>
            <div class="field">
              <label for={`${id}-amount`}>{t('admin.afterSales.amount')}</label>
              <TextInput
                id={`${id}-amount`}
                type="number"
                {...described}
                value={row.amount}
                onInput={(value) => setRow(index, { amount: value })}
              />
            </div>
            <button
              type="button"
              class="remove"
              onClick={() => onChange(rows.filter((_, at) => at !== index))}
            >
              {t('admin.afterSales.removeCap', { n })}
            </button>
            <FieldError id={`e-${id}`} message={message} />
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, { currency: '', amount: '' }])}>
        {t('admin.afterSales.addCap')}
      </button>
    </fieldset>
  );
}
