import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActionName, ActionRequest, Problem } from '../api/client.js';
import { FieldError, fieldErrors, ProblemNotice } from '../components.js';
import { parseMoney } from '../format.js';
import { type MessageKey, useI18n } from '../i18n.js';

interface FieldSpec {
  readonly name: string;
  readonly kind: 'text' | 'textarea' | 'select' | 'money';
  readonly label: MessageKey;
  readonly required?: boolean;
  readonly options?: readonly { value: string; label: MessageKey }[];
}

const note: FieldSpec = { name: 'note', kind: 'textarea', label: 'field.note' };
const parcel: FieldSpec[] = [
  { name: 'carrier', kind: 'text', label: 'field.carrier', required: true },
  { name: 'trackingNumber', kind: 'text', label: 'field.trackingNumber', required: true },
];

/**
 * The fields each action of the API's ActionRequest takes (its request schema). Keyed by the
 * contract's action names: an action added to the API and not here fails the build.
 */
export const actionFields: Record<ActionName, readonly FieldSpec[]> = {
  assign: [{ name: 'assigneeId', kind: 'text', label: 'field.assigneeId' }],
  request_info: [{ name: 'message', kind: 'textarea', label: 'field.message' }],
  resolve: [{ name: 'summary', kind: 'textarea', label: 'field.summary' }],
  reopen: [{ name: 'reason', kind: 'textarea', label: 'field.reason' }],
  close: [],
  set_priority: [
    {
      name: 'priority',
      kind: 'select',
      label: 'field.priority',
      required: true,
      options: (['low', 'normal', 'high', 'urgent'] as const).map((value) => ({
        value,
        label: `priority.${value}` as const,
      })),
    },
  ],
  escalate: [note],
  cancel: [{ name: 'reason', kind: 'textarea', label: 'field.reason' }],
  add_tag: [{ name: 'tag', kind: 'text', label: 'field.tag', required: true }],
  remove_tag: [{ name: 'tag', kind: 'text', label: 'field.tag', required: true }],
  merge: [{ name: 'intoTicketId', kind: 'text', label: 'field.intoTicketId', required: true }],
  approve: [note],
  reject: [{ name: 'reason', kind: 'textarea', label: 'field.reason', required: true }],
  retry_refund: [],
  appeal: [{ name: 'reason', kind: 'textarea', label: 'field.reason', required: true }],
  ship: [...parcel, { name: 'postage', kind: 'money', label: 'field.postage' }],
  receive: [note],
  inspect: [
    {
      name: 'result',
      kind: 'select',
      label: 'field.result',
      required: true,
      options: [
        { value: 'accepted', label: 'field.result.accepted' },
        { value: 'rejected', label: 'field.result.rejected' },
      ],
    },
    note,
  ],
  ship_replacement: parcel,
  start_repair: [note],
  complete_repair: [note],
  ship_back: parcel,
};

export const isActionName = (name: string): name is ActionName => name in actionFields;

/** One action's form: its fields, a confirm button; field errors of a refusal beside each field. */
export function ActionForm({
  action,
  currency,
  perform,
  onDone,
}: {
  action: ActionName;
  currency: string;
  perform: (request: ActionRequest) => Promise<Problem | null>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const fields = actionFields[action];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.name, field.options?.[0]?.value ?? ''])),
  );
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLElement | null>(null);
  useEffect(() => first.current?.focus(), []);
  const errors = fieldErrors(problem);
  const title = t(`action.${action}`);

  const submit = async (event: Event) => {
    event.preventDefault();
    const request: Record<string, unknown> = { action };
    const local: { path: string; message: string }[] = [];
    for (const field of fields) {
      const value = (values[field.name] ?? '').trim();
      if (field.kind === 'money') {
        if (!value) continue;
        const minor = parseMoney(value, currency);
        if (minor === null) local.push({ path: field.name, message: t('field.postageInvalid') });
        else request[field.name] = minor;
      } else if (field.name === 'assigneeId') {
        request.assigneeId = value || null;
      } else if (value) request[field.name] = value;
    }
    if (local.length > 0) {
      setProblem({
        type: 'about:blank',
        title,
        status: 400,
        detail: local[0]?.message ?? '',
        code: 'INVALID',
        errors: local,
      });
      return;
    }
    setBusy(true);
    const refused = await perform(request as ActionRequest);
    setBusy(false);
    setProblem(refused);
    if (!refused) onDone();
  };

  return (
    <form class="action-form stack" onSubmit={(event) => void submit(event)} noValidate aria-label={title}>
      <ProblemNotice problem={problem && !problem.errors?.length ? problem : null} />
      {fields.map((field, index) => {
        const id = `a-${action}-${field.name}`;
        const error = errors.get(field.name);
        const common = {
          id,
          name: field.name,
          value: values[field.name] ?? '',
          required: field.required,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `e-${id}` : undefined,
          ref:
            index === 0
              ? (element: HTMLElement | null) => {
                  first.current = element;
                }
              : undefined,
          onInput: (event: Event) =>
            setValues({ ...values, [field.name]: (event.target as HTMLInputElement).value }),
        };
        return (
          <div class="field" key={field.name}>
            <label for={id}>
              {field.name === 'postage' ? t(field.label, { currency }) : t(field.label)}
              {!field.required && field.kind !== 'money' && field.name !== 'assigneeId' ? (
                <span class="hint"> {t('field.optional')}</span>
              ) : null}
            </label>
            {field.kind === 'textarea' ? (
              <textarea rows={3} {...common} />
            ) : field.kind === 'select' ? (
              <select {...common} onChange={common.onInput}>
                {field.options?.map((option) => (
                  <option key={option.value} value={option.value}>
                    {t(option.label)}
                  </option>
                ))}
              </select>
            ) : (
              <input type="text" inputMode={field.kind === 'money' ? 'decimal' : undefined} {...common} />
            )}
            <FieldError id={`e-${id}`} message={error} />
          </div>
        );
      })}
      <p class="inline">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('action.working') : t('action.confirm', { action: title })}
        </button>
        <button type="button" onClick={onDone}>
          {t('action.dismiss')}
        </button>
      </p>
    </form>
  );
}
