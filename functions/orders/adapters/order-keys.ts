/** Key builders for order items; shared with adapters that change order lines in their own transactions. */
export const orderKeys = {
  header: (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'ORDER' }),
  line: (orderId: string, sku: string) => ({ PK: `ORDER#${orderId}`, SK: `LINE#${sku}` }),
  partition: (orderId: string) => `ORDER#${orderId}`,
};
