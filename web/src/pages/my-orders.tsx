import { useCallback, useEffect, useState } from 'preact/hooks';
import { type OrderSummary, type Problem, toProblem } from '../api/client.js';
import { useApp } from '../app.js';
import { DateTime, Money, Page, ProblemNotice } from '../components.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';

/** The customer's orders (GET /v1/orders), newest first, a page at a time; a ticket starts here. */
export function MyOrders() {
  const { t } = useI18n();
  const app = useApp();
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(
    async (after?: string) => {
      const { data, error, response } = await app.api.GET('/v1/orders', {
        params: { query: { limit: 20, ...(after ? { cursor: after } : {}) } },
      });
      if (response.status === 401) return app.signOut(true);
      if (error || !data) return setProblem(toProblem(error, response.status));
      setProblem(null);
      setOrders((previous) => (after ? [...(previous ?? []), ...data.items] : data.items));
      setCursor(data.nextCursor);
    },
    [app],
  );
  useEffect(() => void load(), [load]);

  return (
    <Page title={t('orders.title')}>
      <p>{t('orders.intro')}</p>
      <ProblemNotice problem={problem} />
      {orders === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : orders.length === 0 ? (
        <p>{t('orders.empty')}</p>
      ) : (
        <table class="list orders">
          <thead>
            <tr>
              <th scope="col">{t('orders.col.order')}</th>
              <th scope="col">{t('orders.col.placed')}</th>
              <th scope="col">{t('orders.col.items')}</th>
              <th scope="col">{t('orders.col.delivery')}</th>
              <th scope="col">{t('orders.col.total')}</th>
              <th scope="col">{t('orders.col.tickets')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('orders.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <OrderRow key={order.id} order={order} />
            ))}
          </tbody>
        </table>
      )}
      {cursor ? (
        <button type="button" onClick={() => void load(cursor)}>
          {t('orders.more')}
        </button>
      ) : null}
    </Page>
  );
}

function OrderRow({ order }: { order: OrderSummary }) {
  const { t, locale } = useI18n();
  return (
    <tr>
      <th scope="row">{order.id}</th>
      <td>
        <DateTime iso={order.placedAt} />
      </td>
      <td>
        <ul class="plain">
          {order.items.map((line) => (
            <li key={line.sku}>{t('orders.item', { name: line.name, quantity: String(line.quantity) })}</li>
          ))}
        </ul>
      </td>
      <td>
        {order.deliveredAt
          ? t('orders.delivered', { date: formatDateTime(order.deliveredAt, locale) })
          : order.shippedAt
            ? t('orders.shipped', { date: formatDateTime(order.shippedAt, locale) })
            : t('orders.notShipped')}
      </td>
      <td>
        <Money minor={order.total} currency={order.currency} />
      </td>
      <td>{order.ticketCount}</td>
      <td>
        <a class="button" href={`/tickets/new?order=${encodeURIComponent(order.id)}`}>
          {t('orders.open')}
          <span class="visually-hidden"> {t('orders.openFor', { id: order.id })}</span>
        </a>
      </td>
    </tr>
  );
}
