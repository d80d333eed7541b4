import type { Order, OrderFacts, OrderSummary } from './order.js';

export interface SaveOrderResult {
  readonly order: Order;
  readonly created: boolean;
}

export interface OrderPage {
  readonly items: readonly OrderSummary[];
  /** Opaque; hands the next page to `listByCustomer`. Null on the last page. */
  readonly nextCursor: string | null;
}

/** Port: where order facts live. */
export interface OrderRepository {
  get(orderId: string): Promise<Order | undefined>;
  /**
   * Creates or updates the facts of an order. The counters tickets keep (per line and on the
   * header) are never overwritten; refuses (BusinessRuleError `ORDER_LINE_COMMITTED`, with the
   * fields of `orderUpdateViolations`) an update that goes below what tickets hold or refunds cover.
   */
  save(orderId: string, facts: OrderFacts, now: string): Promise<SaveOrderResult>;
  /**
   * A customer's orders, newest placed first, `limit` at a time, from the customer's index (no
   * scan). A cursor that this list did not hand out is a ValidationError on `query.cursor`.
   */
  listByCustomer(
    customerId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<OrderPage>;
}
