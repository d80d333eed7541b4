import { NotFoundError } from '../../shared/errors.js';
import { isStaff, type Principal } from '../../shared/principal.js';
import type { OrderRepository } from '../domain/order-repository.js';
import { toOrderView } from './order-view.js';

export interface GetOrderDeps {
  readonly orders: OrderRepository;
}

export function makeGetOrder({ orders }: GetOrderDeps) {
  return async (principal: Principal, orderId: string) => {
    const order = await orders.get(orderId);
    // Another customer's order is reported exactly like a missing one.
    const visible =
      order &&
      (isStaff(principal) || principal.roles.has('integration') || order.customerId === principal.id);
    if (!order || !visible) throw new NotFoundError(`Order ${orderId} was not found.`);
    return toOrderView(order);
  };
}
