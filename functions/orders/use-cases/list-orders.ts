import { ValidationError } from '../../shared/errors.js';
import { isStaff, type Principal } from '../../shared/principal.js';
import type { ListOrdersQuery, OrderPageView } from '../contracts/order.js';
import type { OrderRepository } from '../domain/order-repository.js';

export interface ListOrdersDeps {
  readonly orders: OrderRepository;
}

/** Customers always get their own orders, whatever `customerId` says; staff must name the customer. */
export function makeListOrders({ orders }: ListOrdersDeps) {
  return async (principal: Principal, query: ListOrdersQuery): Promise<OrderPageView> => {
    const customerId = isStaff(principal) ? query.customerId : principal.id;
    if (customerId === undefined) {
      throw new ValidationError([
        { path: 'query.customerId', message: 'Staff name the customer whose orders they want.' },
      ]);
    }
    const page = await orders.listByCustomer(customerId, { limit: query.limit, cursor: query.cursor });
    return {
      items: page.items.map((order) => ({ ...order, items: [...order.items] })),
      nextCursor: page.nextCursor,
    };
  };
}
