import type { Clock } from '../../shared/clock.js';
import type { PutOrderRequest } from '../contracts/order.js';
import type { OrderRepository } from '../domain/order-repository.js';
import { toOrderView } from './order-view.js';

export interface PutOrderDeps {
  readonly orders: OrderRepository;
  readonly clock: Clock;
}

export function makePutOrder({ orders, clock }: PutOrderDeps) {
  return async (orderId: string, facts: PutOrderRequest) => {
    const { order, created } = await orders.save(orderId, facts, clock.now().toISOString());
    return { order: toOrderView(order), created };
  };
}
