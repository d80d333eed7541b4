/**
 * The local demo: who the sign-in picker offers (the ids `npm start` seeds and the README
 * uses) and the three orders `npm start` seeds for the customer c-1 (unless `--empty`).
 * Plain data, shared by the console, local/start.ts and the browser tests.
 */
export type Role = 'customer' | 'agent' | 'supervisor' | 'admin';

export interface DemoUser {
  readonly sub: string;
  readonly name: string;
  readonly role: Role;
  readonly groups: readonly string[];
  readonly email?: string;
}

export const demoUsers: readonly DemoUser[] = [
  { sub: 'c-1', name: 'Ann Li', role: 'customer', groups: ['customers'], email: 'ann@example.com' },
  { sub: 'agent-1', name: 'Alex Agent', role: 'agent', groups: ['agents'] },
  { sub: 'sup-1', name: 'Sam Supervisor', role: 'supervisor', groups: ['supervisors'] },
  { sub: 'admin-1', name: 'Ada Admin', role: 'admin', groups: ['admins'] },
];

const DAY = 24 * 60 * 60 * 1000;

/**
 * c-1's demo orders as the shop platform pushes them (PUT /v1/orders/{id}), times relative to
 * `now`: a kettle and mugs delivered two days ago, a jacket delivered 20 days ago (past the
 * 15-day window for faults, inside none) with a final-sale scarf, and headphones not yet shipped.
 */
export function demoOrders(now: Date): { id: string; facts: Record<string, unknown> }[] {
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const customer = {
    customerId: 'c-1',
    customerEmail: 'ann@example.com',
    customerName: 'Ann Li',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  };
  return [
    {
      id: 'DEMO-1001',
      facts: {
        ...customer,
        placedAt: ago(5),
        shippedAt: ago(4),
        deliveredAt: ago(2),
        shippingFee: 1000,
        items: [
          {
            sku: 'KETTLE-1',
            name: 'Electric kettle',
            quantity: 2,
            unitPrice: 12900,
            category: 'home',
            noReasonReturn: true,
          },
          { sku: 'MUG-1', name: 'Ceramic mug', quantity: 4, unitPrice: 2500, category: 'home' },
        ],
      },
    },
    {
      id: 'DEMO-1002',
      facts: {
        ...customer,
        placedAt: ago(25),
        shippedAt: ago(23),
        deliveredAt: ago(20),
        shippingFee: 0,
        items: [
          {
            sku: 'JACKET-M',
            name: 'Rain jacket (M)',
            quantity: 1,
            unitPrice: 45900,
            discount: 4590,
            category: 'apparel',
            noReasonReturn: true,
          },
          {
            sku: 'SCARF-1',
            name: 'Silk scarf',
            quantity: 1,
            unitPrice: 19900,
            category: 'apparel',
            finalSale: true,
          },
        ],
      },
    },
    {
      id: 'DEMO-1003',
      facts: {
        ...customer,
        placedAt: ago(1),
        shippingFee: 800,
        items: [
          {
            sku: 'HEADPHONES-1',
            name: 'Wireless headphones',
            quantity: 1,
            unitPrice: 59900,
            category: 'electronics',
            noReasonReturn: true,
          },
        ],
      },
    },
  ];
}
