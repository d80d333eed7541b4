/** Key builders for order items; shared with adapters that change order lines in their own transactions. */
export const orderKeys = {
  header: (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'ORDER' }),
  line: (orderId: string, sku: string) => ({ PK: `ORDER#${orderId}`, SK: `LINE#${sku}` }),
  partition: (orderId: string) => `ORDER#${orderId}`,
  /** GSI1, the customer's index (their tickets are `TICKET#…` there): `ORDER#<placedAt>#<id>`. */
  customerIndex: (customerId: string, placedAt: string, orderId: string) => ({
    GSI1PK: `CUSTOMER#${customerId}`,
    GSI1SK: `ORDER#${placedAt}#${orderId}`,
  }),
};
