import type { Order, OrderFacts } from './order.js';

export interface SaveOrderResult {
  readonly order: Order;
  readonly created: boolean;
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
}
