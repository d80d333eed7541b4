import type {
  ClaimResult,
  CustomerAddressBook,
  DigestScheduler,
  DigestStore,
  HeldAlert,
  KnownCustomer,
  Mailer,
  MailMessage,
  SentLog,
  StaffDirectory,
  SuppressionList,
} from '../../../functions/notifications/domain/ports.js';
import type { StaffMember } from '../../../functions/notifications/domain/staff.js';
import type { TicketFacts } from '../../../functions/notifications/domain/templates/index.js';
import type { NotificationDeps } from '../../../functions/notifications/use-cases/deps.js';
import type { TicketEventEnvelope, TicketEventName } from '../../../functions/tickets/contracts/events.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';

export const NOW = new Date('2026-11-24T08:00:00.000Z');

/** A realistic refund ticket as the templates see it. */
export function facts(overrides: Partial<TicketFacts> = {}): TicketFacts {
  return {
    id: '3f2a9c1e-7b4d-4e8a-9c1f-2b3d4e5f6a7b',
    type: 'refund',
    status: 'requested',
    priority: 'normal',
    team: 'support',
    subject: 'Kettle leaks',
    description: 'It leaks from the base after two days.\nWater on the counter.',
    items: [{ name: 'Electric kettle', quantity: 1 }],
    refund: { amount: 12900, currency: 'CNY' },
    firstResponseDueAt: '2026-11-25T08:00:00.000Z',
    resolutionDueAt: '2026-11-27T08:00:00.000Z',
    replyWithinHours: 24,
    autoCloseAt: '2026-12-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A stored ticket; only the fields the notifier reads are filled in. */
export function ticket(overrides: Record<string, unknown> = {}): Ticket {
  return {
    id: 't-1',
    type: 'refund',
    status: 'requested',
    priority: 'normal',
    customerId: 'c-1',
    customerTier: 'standard',
    customerEmail: 'ann@example.com',
    locale: 'zh-CN',
    orderId: 'o-1',
    channel: 'web',
    reason: 'defective',
    subject: null,
    description: 'It leaks.',
    items: [{ sku: 'KETTLE-1', name: 'Electric kettle', quantity: 1, unitPrice: 12900 }],
    currency: 'CNY',
    returnMethod: null,
    pickup: null,
    refund: { amount: 12900, currency: 'CNY', status: 'pending' },
    team: 'support',
    assigneeId: null,
    escalationLevel: 0,
    resumeStatus: null,
    sla: {
      policyId: 'default',
      policyVersion: 0,
      calendar: '24x7',
      targets: { firstResponseMinutes: 1440, nextResponseMinutes: 1440, resolutionMinutes: 4320 },
      warnAtPercent: 75,
      escalations: [],
      clocks: {
        firstResponse: {
          targetMinutes: 1440,
          elapsedMs: 0,
          runningSince: NOW.toISOString(),
          dueAt: '2026-11-25T08:00:00.000Z',
          warnAt: '2026-11-25T02:00:00.000Z',
          completedAt: null,
          breachedAt: null,
          fired: [],
        },
      },
    },
    version: 1,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    resolvedAt: null,
    closedAt: null,
    autoCloseAt: null,
    ...overrides,
  } as unknown as Ticket;
}

let seq = 0;
export function event(
  overrides: Partial<Omit<TicketEventEnvelope, 'type' | 'data'>> & {
    type?: TicketEventName;
    data?: object;
  } = {},
): TicketEventEnvelope {
  seq += 1;
  return {
    id: `e-${seq}`,
    type: 'TicketCreated',
    version: 1,
    ticketId: 't-1',
    ticketType: 'refund',
    at: NOW.toISOString(),
    actor: { id: 'c-1', role: 'customer' },
    visibility: 'public',
    data: {
      type: 'refund',
      status: 'requested',
      reason: 'defective',
      channel: 'web',
      orderId: 'o-1',
      items: [{ sku: 'KETTLE-1', name: 'Electric kettle', quantity: 1, unitPrice: 12900 }],
    },
    ...overrides,
  } as TicketEventEnvelope;
}

export const staff: StaffMember[] = [
  {
    id: 'agent-1',
    name: 'Alex',
    email: 'agent-1@shop.example',
    locale: 'en',
    roles: ['agent'],
    teams: ['support'],
    calendar: '24x7',
  },
  {
    id: 'agent-2',
    name: '王芳',
    email: 'agent-2@shop.example',
    locale: 'zh-CN',
    roles: ['agent'],
    teams: ['support'],
    calendar: {
      timezone: 'Asia/Shanghai',
      weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']] },
      holidays: [],
    },
  },
  {
    id: 'sup-1',
    name: 'Sam',
    email: 'sup-1@shop.example',
    locale: 'en',
    roles: ['supervisor'],
    teams: ['support'],
    calendar: '24x7',
  },
  {
    id: 'sup-9',
    name: 'Kim',
    email: 'sup-9@shop.example',
    locale: 'en',
    roles: ['supervisor'],
    teams: ['*'],
    calendar: '24x7',
  },
];

export class FakeMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failures: Error[] = [];
  async send(message: MailMessage) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    return { messageId: `m-${this.sent.length}` };
  }
}

export class FakeSentLog implements SentLog {
  readonly entries = new Map<string, { status: 'sending' | 'sent'; at: number }>();
  async claim(key: string, now: Date): Promise<ClaimResult> {
    const entry = this.entries.get(key);
    if (entry?.status === 'sent') return 'sent';
    if (entry && now.getTime() - entry.at < 120_000) return 'in-progress';
    this.entries.set(key, { status: 'sending', at: now.getTime() });
    return 'claimed';
  }
  async markSent(key: string, _id: string, now: Date) {
    this.entries.set(key, { status: 'sent', at: now.getTime() });
  }
  async release(key: string) {
    if (this.entries.get(key)?.status === 'sending') this.entries.delete(key);
  }
}

export class FakeSuppressions implements SuppressionList {
  readonly addresses = new Set<string>();
  async isSuppressed(address: string) {
    return this.addresses.has(address.toLowerCase());
  }
  async suppress(address: string) {
    this.addresses.add(address.toLowerCase());
  }
}

export class FakeDigests implements DigestStore, DigestScheduler {
  readonly alerts: HeldAlert[] = [];
  readonly wakeUps: { address: string; sendAt: string }[] = [];
  async hold(alert: HeldAlert) {
    const first = !this.alerts.some((a) => a.address === alert.address && a.sendAt === alert.sendAt);
    if (!this.alerts.some((a) => a.eventId === alert.eventId && a.address === alert.address))
      this.alerts.push(alert);
    return first;
  }
  async held(address: string, sendAt: string) {
    return this.alerts.filter((a) => a.address === address && a.sendAt === sendAt);
  }
  async clear(alerts: readonly HeldAlert[]) {
    for (const alert of alerts) this.alerts.splice(this.alerts.indexOf(alert), 1);
  }
  async schedule(digest: { address: string; sendAt: string }) {
    this.wakeUps.push(digest);
  }
}

export function fakeDeps(tickets: Ticket[], now = NOW) {
  const mailer = new FakeMailer();
  const sentLog = new FakeSentLog();
  const suppressions = new FakeSuppressions();
  const erased = new Set<string>();
  const digests = new FakeDigests();
  const known = new Map<string, KnownCustomer>();
  const addressBook: CustomerAddressBook = {
    remember: async (address, customer) => {
      known.set(address.toLowerCase(), customer);
    },
    find: async (address) => known.get(address.toLowerCase()),
  };
  const clock = { current: now, now: () => clock.current };
  const directory: StaffDirectory = { list: async () => staff };
  const deps: NotificationDeps = {
    tickets: { get: async (id) => tickets.find((t) => t.id === id) },
    staff: directory,
    mailer,
    sentLog,
    suppressions,
    erased: { isErased: async (customerId) => erased.has(customerId) },
    addressBook,
    digests,
    digestScheduler: digests,
    clock,
    settings: {
      from: 'redress@shop.example',
      appUrl: 'https://shop.example',
      surveySecret: 'test-secret',
      reply: null,
    },
  };
  return { deps, mailer, sentLog, suppressions, erased, digests, clock, known };
}
