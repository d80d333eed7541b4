import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  type CreateTicketRequest,
  idempotencyKey,
  type Order,
  type OrderSummary,
  type Problem,
  type Reason,
  type TicketType,
  toProblem,
} from '../api/client.js';
import { useApp } from '../app.js';
import { FieldError, fieldErrors, Money, Page, ProblemNotice } from '../components.js';
import { formatDateTime, formatMoney } from '../format.js';
import { useI18n } from '../i18n.js';
import { allReasons, ticketTypes } from '../kinds.js';
import { navigate } from '../router.js';
import { isStaff } from '../session.js';

const shopFault: readonly Reason[] = [
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
  'missing_item',
  'late_delivery',
];
const orderBound = (type: TicketType) => type !== 'complaint' && type !== 'inquiry';

/** The reasons a type of ticket takes (the API's rule: refused with REASON_NOT_ALLOWED otherwise). */
function reasonsFor(type: TicketType): Reason[] {
  return allReasons.filter((reason) => {
    if (reason === 'service') return !orderBound(type);
    if (reason === 'not_shipped' || reason === 'not_received') return type === 'refund';
    if (type === 'repair') return shopFault.includes(reason) || reason === 'other';
    return true;
  });
}

/** Open a ticket from an order: type, items and quantities, reason, description, return method. */
export function NewTicket({ orderId: initialOrder }: { orderId: string | null }) {
  const { t, locale } = useI18n();
  const app = useApp();
  const [orderInput, setOrderInput] = useState(initialOrder ?? '');
  const [order, setOrder] = useState<Order | null>(null);
  const [orderProblem, setOrderProblem] = useState<Problem | null>(null);
  const [type, setType] = useState<TicketType>('refund');
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState<Reason>('defective');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [returnMethod, setReturnMethod] = useState<'dropoff' | 'pickup'>('dropoff');
  const [pickup, setPickup] = useState({ address: '', from: '', to: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(idempotencyKey);
  const [sentSkus, setSentSkus] = useState<string[]>([]);

  const lookUp = async (id: string) => {
    setOrderProblem(null);
    if (!id.trim()) return;
    const { data, error, response } = await app.api.GET('/v1/orders/{orderId}', {
      params: { path: { orderId: id.trim() } },
    });
    if (response.status === 401) return app.signOut(true);
    if (error || !data) {
      setOrder(null);
      return setOrderProblem(toProblem(error, response.status));
    }
    setOrder(data);
    setQuantities({});
  };
  useEffect(() => {
    if (initialOrder) void lookUp(initialOrder);
  }, []);
  // A customer picks one of their own orders (the first page of GET /v1/orders, newest first).
  const [myOrders, setMyOrders] = useState<OrderSummary[]>([]);
  const customer = app.session !== null && !isStaff(app.session);
  useEffect(() => {
    if (!customer) return;
    void app.api.GET('/v1/orders', { params: { query: { limit: 50 } } }).then(({ data }) => {
      if (data) setMyOrders(data.items);
    });
  }, [customer]);

  const reasons = useMemo(() => reasonsFor(type), [type]);
  useEffect(() => {
    if (!reasons.includes(reason)) setReason(reasons[0] ?? 'other');
  }, [reasons, reason]);

  const needsOrder = orderBound(type);
  const shipsBack = type === 'return' || type === 'exchange';
  const errors = fieldErrors(problem);
  // Errors about items name the index in the request; show them beside that item.
  const itemError = (sku: string) => {
    const index = sentSkus.indexOf(sku);
    return index < 0
      ? undefined
      : (errors.get(`items.${index}.sku`) ?? errors.get(`items.${index}.quantity`));
  };
  const describedBy = (path: string, hint?: string) =>
    [hint, errors.has(path) ? `e-${path}` : undefined].filter(Boolean).join(' ') || undefined;

  const submit = async (event: Event) => {
    event.preventDefault();
    const items = needsOrder
      ? Object.entries(quantities)
          .filter(([, quantity]) => quantity > 0)
          .map(([sku, quantity]) => ({ sku, quantity }))
      : undefined;
    if (needsOrder && (!items || items.length === 0)) {
      setProblem({
        type: 'about:blank',
        title: t('new.noItems'),
        status: 400,
        detail: t('new.noItems'),
        code: 'NO_ITEMS',
        errors: [{ path: 'items', message: t('new.noItems') }],
      });
      return;
    }
    const body: CreateTicketRequest = {
      type,
      reason,
      channel: 'web',
      description: description.trim(),
      ...(needsOrder && order ? { orderId: order.id, items } : {}),
      ...(!needsOrder && order ? { orderId: order.id } : {}),
      ...(subject.trim() ? { subject: subject.trim() } : {}),
      ...(shipsBack ? { returnMethod } : {}),
      ...(shipsBack && returnMethod === 'pickup'
        ? {
            pickup: {
              address: pickup.address,
              window: {
                from: pickup.from ? new Date(pickup.from).toISOString() : '',
                to: pickup.to ? new Date(pickup.to).toISOString() : '',
              },
            },
          }
        : {}),
    };
    setSentSkus(items?.map((item) => item.sku) ?? []);
    setBusy(true);
    const { data, error, response } = await app.api.POST('/v1/tickets', {
      body,
      headers: { 'Idempotency-Key': key },
    });
    setBusy(false);
    if (response.status === 401) return app.signOut(true);
    if (error || !data) return setProblem(toProblem(error, response.status));
    navigate(`/tickets/${encodeURIComponent(data.id)}`);
  };

  return (
    <Page title={t('new.title')}>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void lookUp(orderInput);
        }}
      >
        <div class="field">
          <label for="f-order">{t('new.order')}</label>
          <div class="inline">
            <input
              id="f-order"
              name="order"
              value={orderInput}
              list={myOrders.length > 0 ? 'my-orders' : undefined}
              autoComplete="off"
              aria-describedby={orderProblem || errors.has('orderId') ? 'e-orderId h-order' : 'h-order'}
              aria-invalid={orderProblem || errors.has('orderId') ? true : undefined}
              onInput={(event) => setOrderInput((event.target as HTMLInputElement).value)}
            />
            <button type="submit">{t('new.loadOrder')}</button>
          </div>
          {myOrders.length > 0 ? (
            <datalist id="my-orders">
              {myOrders.map((mine) => (
                <option key={mine.id} value={mine.id}>
                  {`${formatDateTime(mine.placedAt, locale)} · ${mine.items.map((line) => line.name).join(', ')}`}
                </option>
              ))}
            </datalist>
          ) : null}
          <p class="hint" id="h-order">
            {t(customer ? 'new.pickOrder' : 'new.orderHint')}
          </p>
          {orderProblem ? (
            <FieldError id="e-orderId" message={orderProblem.detail} code={orderProblem.code} />
          ) : (
            <FieldError id="e-orderId" message={errors.get('orderId')} />
          )}
        </div>
      </form>

      {order ? (
        <p class="order-summary">
          {t('new.orderPlaced', { date: formatDateTime(order.placedAt, locale) })}
          {' · '}
          {order.deliveredAt
            ? t('new.orderDelivered', { date: formatDateTime(order.deliveredAt, locale) })
            : t('new.orderNotDelivered')}
          {' · '}
          <Money minor={order.total} currency={order.currency} />
        </p>
      ) : null}

      <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
        <ProblemNotice problem={problem} lead={t('new.fixErrors')} />
        <div class="field">
          <label for="f-type">{t('new.type')}</label>
          <select
            id="f-type"
            name="type"
            value={type}
            onChange={(event) => setType((event.target as HTMLSelectElement).value as TicketType)}
          >
            {ticketTypes.map((value) => (
              <option key={value} value={value}>
                {t(`type.${value}`)}
              </option>
            ))}
          </select>
          <FieldError id="e-type" message={errors.get('type')} />
        </div>

        {needsOrder ? (
          <fieldset class="field" aria-describedby={describedBy('items', 'h-items')}>
            <legend>{t('new.items')}</legend>
            <p class="hint" id="h-items">
              {t('new.itemsHint')}
            </p>
            {order ? (
              <ul class="items">
                {order.items.map((item) => {
                  const message = itemError(item.sku);
                  const inputId = `f-item-${item.sku}`;
                  return (
                    <li key={item.sku} class={message ? 'item invalid' : 'item'}>
                      <label for={inputId}>{t('new.itemQuantity', { name: item.name })}</label>
                      <input
                        id={inputId}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={item.quantity}
                        value={quantities[item.sku] ?? 0}
                        aria-invalid={message ? true : undefined}
                        aria-describedby={`${inputId}-left${message ? ` e-item-${item.sku}` : ''}`}
                        onInput={(event) =>
                          setQuantities({
                            ...quantities,
                            [item.sku]: Math.max(0, Number((event.target as HTMLInputElement).value) || 0),
                          })
                        }
                      />
                      <span class="hint" id={`${inputId}-left`}>
                        {t('new.itemLeft', {
                          count: item.refundableQuantity,
                          total: item.quantity,
                          price: formatMoney(item.unitPrice, order.currency, locale),
                        })}
                      </span>
                      <FieldError id={`e-item-${item.sku}`} message={message} />
                    </li>
                  );
                })}
              </ul>
            ) : null}
            <FieldError id="e-items" message={errors.get('items')} />
          </fieldset>
        ) : null}

        <div class="field">
          <label for="f-reason">{t('new.reason')}</label>
          <select
            id="f-reason"
            name="reason"
            value={reason}
            aria-invalid={errors.has('reason') ? true : undefined}
            aria-describedby={describedBy('reason')}
            onChange={(event) => setReason((event.target as HTMLSelectElement).value as Reason)}
          >
            {reasons.map((value) => (
              <option key={value} value={value}>
                {t(`reason.${value}`)}
              </option>
            ))}
          </select>
          <FieldError id="e-reason" message={errors.get('reason')} />
        </div>

        {!needsOrder ? (
          <div class="field">
            <label for="f-subject">{t('new.subject')}</label>
            <input
              id="f-subject"
              value={subject}
              maxLength={200}
              aria-invalid={errors.has('subject') ? true : undefined}
              aria-describedby={describedBy('subject')}
              onInput={(event) => setSubject((event.target as HTMLInputElement).value)}
            />
            <FieldError id="e-subject" message={errors.get('subject')} />
          </div>
        ) : null}

        <div class="field">
          <label for="f-description">{t('new.description')}</label>
          <textarea
            id="f-description"
            rows={4}
            maxLength={5000}
            value={description}
            aria-invalid={errors.has('description') ? true : undefined}
            aria-describedby={describedBy('description')}
            onInput={(event) => setDescription((event.target as HTMLTextAreaElement).value)}
          />
          <FieldError id="e-description" message={errors.get('description')} />
        </div>

        {shipsBack ? (
          <fieldset class="field" aria-describedby={describedBy('returnMethod')}>
            <legend>{t('new.returnMethod')}</legend>
            {(['dropoff', 'pickup'] as const).map((method) => (
              <label key={method} class="choice">
                <input
                  type="radio"
                  name="returnMethod"
                  value={method}
                  checked={returnMethod === method}
                  onChange={() => setReturnMethod(method)}
                />
                {t(`new.returnMethod.${method}`)}
              </label>
            ))}
            <FieldError id="e-returnMethod" message={errors.get('returnMethod')} />
            {returnMethod === 'pickup' ? (
              <div class="stack">
                <div class="field">
                  <label for="f-pickup-address">{t('new.pickupAddress')}</label>
                  <textarea
                    id="f-pickup-address"
                    rows={2}
                    value={pickup.address}
                    aria-invalid={errors.has('pickup.address') || errors.has('pickup') ? true : undefined}
                    aria-describedby={describedBy('pickup.address')}
                    onInput={(event) =>
                      setPickup({ ...pickup, address: (event.target as HTMLTextAreaElement).value })
                    }
                  />
                  <FieldError
                    id="e-pickup.address"
                    message={errors.get('pickup.address') ?? errors.get('pickup')}
                  />
                </div>
                <div class="field">
                  <label for="f-pickup-from">{t('new.pickupFrom')}</label>
                  <input
                    id="f-pickup-from"
                    type="datetime-local"
                    value={pickup.from}
                    aria-describedby={describedBy('pickup.window.from')}
                    onInput={(event) =>
                      setPickup({ ...pickup, from: (event.target as HTMLInputElement).value })
                    }
                  />
                  <FieldError id="e-pickup.window.from" message={errors.get('pickup.window.from')} />
                </div>
                <div class="field">
                  <label for="f-pickup-to">{t('new.pickupTo')}</label>
                  <input
                    id="f-pickup-to"
                    type="datetime-local"
                    value={pickup.to}
                    aria-describedby={describedBy('pickup.window.to')}
                    onInput={(event) =>
                      setPickup({ ...pickup, to: (event.target as HTMLInputElement).value })
                    }
                  />
                  <FieldError id="e-pickup.window.to" message={errors.get('pickup.window.to')} />
                </div>
              </div>
            ) : null}
          </fieldset>
        ) : null}

        <p>
          <button type="submit" class="primary" disabled={busy || (needsOrder && !order)}>
            {busy ? t('new.submitting') : t('new.submit')}
          </button>
        </p>
      </form>
    </Page>
  );
}
