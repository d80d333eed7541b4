import type { Order, OrderFacts } from './order.js';

export interface SaveOrderResult {
  readonly order: Order;
  readonly created: boolean;
}

/** Port: where order facts live. */
export interface OrderRepository {
  get(orderId: string): Promise<Order | undefined>;
  /**
   * Creates or updates the facts of an order. The per-line counters are kept; refuses
   * (BusinessRuleError `ORDER_LINE_COMMITTED`) to shrink or drop a line below what tickets hold.
   */
  save(orderId: string, facts: OrderFacts, now: string): Promise<SaveOrderResult>;
}
