/** Key builders for order items; shared with adapters that change order lines in their own transactions. */
export const orderKeys = {
  header: (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'ORDER' }),
  line: (orderId: string, sku: string) => ({ PK: `ORDER#${orderId}`, SK: `LINE#${sku}` }),
  partition: (orderId: string) => `ORDER#${orderId}`,
  /** GSI1, the customer's index (their tickets are `TICKET#…` there): `ORDER#<placedAt>#<id>`. */
  customer: (customerId: string) => `CUSTOMER#${customerId}`,
  customerIndex: (customerId: string, placedAt: string, orderId: string) => ({
    GSI1PK: orderKeys.customer(customerId),
    // In UTC, so that orders placed with different offsets sort by the instant they were placed.
    GSI1SK: `ORDER#${new Date(placedAt).toISOString()}#${orderId}`,
  }),
};
