import type * as z from 'zod';
import { refundFailureText } from '../../refunds/domain/failure.js';
import type { ticketEventCatalog } from '../../tickets/contracts/events.js';
import type { Block, EmailContent } from './email.js';
import type { CustomerMailKind, StaffMailKind } from './kinds.js';
import { formatDateTime, formatMoney, type MailLocale } from './locale.js';

export { type CustomerMailKind, customerMailKinds, type StaffMailKind, staffMailKinds } from './kinds.js';

type Catalog = typeof ticketEventCatalog;
export type EventData<K extends keyof Catalog> = z.output<Catalog[K]['data']>;

/** What templates know of a ticket: taken from the stored ticket when the email is written. */
export interface TicketFacts {
  readonly id: string;
  readonly type: 'refund' | 'return' | 'exchange' | 'repair' | 'complaint' | 'inquiry';
  readonly status: string;
  readonly priority: string;
  readonly team: string;
  readonly subject: string | null;
  readonly description: string;
  readonly items: readonly { readonly name: string; readonly quantity: number }[];
  readonly refund: { readonly amount: number; readonly currency: string } | null;
  readonly firstResponseDueAt: string | null;
  readonly resolutionDueAt: string | null;
  /** Business hours within which staff answer a customer's reply. */
  readonly replyWithinHours: number | null;
  readonly autoCloseAt: string | null;
}

export interface SurveyLinks {
  /** Link that records a CSAT score 1–5. */
  readonly csat: (score: number) => string;
  /** Link that records an NPS answer 0–10. */
  readonly nps: (score: number) => string;
}

export interface CustomerMailContext<K extends CustomerMailKind = CustomerMailKind> {
  readonly kind: K;
  readonly locale: MailLocale;
  readonly ticket: TicketFacts;
  readonly data: EventData<K>;
  /** When the event happened. */
  readonly at: string;
  readonly ticketUrl: string | null;
  readonly survey: SurveyLinks | null;
}

export interface StaffMailContext<K extends StaffMailKind = StaffMailKind> {
  readonly kind: K;
  readonly locale: MailLocale;
  readonly ticket: TicketFacts;
  readonly data: EventData<K>;
  readonly at: string;
  readonly recipientName: string;
  readonly timezone: string;
  readonly ticketUrl: string | null;
}

/** A short reference customers and agents can quote: the start of the ticket id. */
export function ticketRef(id: string): string {
  return `#${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

interface Words {
  readonly types: Readonly<Record<TicketFacts['type'], string>>;
  readonly metrics: Readonly<Record<'firstResponse' | 'nextResponse' | 'resolution', string>>;
  readonly subject: (ref: string, text: string) => string;
  readonly hello: string;
  readonly helloStaff: (name: string) => string;
  readonly signature: string;
  readonly staffSignature: string;
  readonly date: (iso: string) => string;
  readonly money: (amount: number, currency: string) => string;
  readonly openTicket: string;
  readonly labels: Readonly<
    Record<
      | 'ticket'
      | 'type'
      | 'items'
      | 'status'
      | 'priority'
      | 'team'
      | 'due'
      | 'carrier'
      | 'tracking'
      | 'booking'
      | 'window'
      | 'amount'
      | 'level',
      string
    >
  >;
}

const en: Words = {
  types: {
    refund: 'refund request',
    return: 'return',
    exchange: 'exchange',
    repair: 'repair request',
    complaint: 'complaint',
    inquiry: 'question',
  },
  metrics: { firstResponse: 'first response', nextResponse: 'next response', resolution: 'resolution' },
  subject: (ref, text) => `[${ref}] ${text}`,
  hello: 'Hello,',
  helloStaff: (name) => `Hello ${name},`,
  signature: 'Redress after-sales service. Please do not reply to this email; answer on your ticket page.',
  staffSignature: 'Redress. You get this because you are on the ticket or supervise its team.',
  date: (iso) => formatDateTime(iso, 'en'),
  money: (amount, currency) => formatMoney(amount, currency, 'en'),
  openTicket: 'Open your ticket',
  labels: {
    ticket: 'Ticket',
    type: 'Type',
    items: 'Items',
    status: 'Status',
    priority: 'Priority',
    team: 'Team',
    due: 'Due',
    carrier: 'Carrier',
    tracking: 'Tracking number',
    booking: 'Booking',
    window: 'Pickup window',
    amount: 'Amount',
    level: 'Escalation level',
  },
};

const zh: Words = {
  types: {
    refund: '退款申请',
    return: '退货申请',
    exchange: '换货申请',
    repair: '维修申请',
    complaint: '投诉',
    inquiry: '咨询',
  },
  metrics: { firstResponse: '首次响应', nextResponse: '再次响应', resolution: '解决' },
  subject: (ref, text) => `【${ref}】${text}`,
  hello: '您好，',
  helloStaff: (name) => `${name}，您好：`,
  signature: 'Redress 售后服务。请勿直接回复本邮件，请在工单页面中回复。',
  staffSignature: 'Redress。您收到此邮件，是因为您负责该工单或主管其所属团队。',
  date: (iso) => formatDateTime(iso, 'zh-CN'),
  money: (amount, currency) => formatMoney(amount, currency, 'zh-CN'),
  openTicket: '查看工单',
  labels: {
    ticket: '工单',
    type: '类型',
    items: '商品',
    status: '状态',
    priority: '优先级',
    team: '团队',
    due: '截止时间',
    carrier: '承运商',
    tracking: '运单号',
    booking: '预约号',
    window: '上门取件时间',
    amount: '金额',
    level: '升级级别',
  },
};

export const words: Readonly<Record<MailLocale, Words>> = { en, 'zh-CN': zh };

interface CustomerTemplate<K extends CustomerMailKind> {
  readonly subject: (c: CustomerMailContext<K>, w: Words) => string;
  readonly body: (c: CustomerMailContext<K>, w: Words) => Block[];
  readonly next: (c: CustomerMailContext<K>, w: Words) => string | null;
}
type CustomerTemplates = { readonly [K in CustomerMailKind]: CustomerTemplate<K> };

const quoteIf = (text: string | null | undefined): Block[] =>
  text && text.trim() !== '' ? [{ kind: 'quote', text }] : [];
const itemsText = (ticket: TicketFacts, sep: string) =>
  ticket.items.map((item) => `${item.name} × ${item.quantity}`).join(sep);

/** English, then Chinese: one table per language, the same keys in both (the compiler checks). */
const customerEn: CustomerTemplates = {
  TicketCreated: {
    subject: (c, w) =>
      c.ticket.subject
        ? `We received your ${w.types[c.ticket.type]}: ${c.ticket.subject}`
        : `We received your ${w.types[c.ticket.type]}`,
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `Thank you. We have opened your ${w.types[c.ticket.type]} ${ticketRef(c.ticket.id)}.`,
      },
      ...(c.ticket.items.length > 0
        ? [{ kind: 'facts', rows: [[w.labels.items, itemsText(c.ticket, ', ')]] } as Block]
        : []),
      ...quoteIf(c.ticket.description),
    ],
    next: (c, w) =>
      [
        c.ticket.firstResponseDueAt ? `An agent will reply by ${w.date(c.ticket.firstResponseDueAt)}.` : null,
        c.ticket.resolutionDueAt ? `We aim to resolve it by ${w.date(c.ticket.resolutionDueAt)}.` : null,
      ]
        .filter(Boolean)
        .join(' ') || 'An agent will reply soon.',
  },
  TicketApproved: {
    subject: (c, w) => `Your ${w.types[c.ticket.type]} is approved`,
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `Good news: we approved your ${w.types[c.ticket.type]} ${ticketRef(c.ticket.id)}.`,
      },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) => {
      const by = c.ticket.resolutionDueAt ? ` by ${w.date(c.ticket.resolutionDueAt)}` : '';
      if (c.ticket.type === 'refund' && c.ticket.refund)
        return `We are issuing your refund of ${w.money(c.ticket.refund.amount, c.ticket.refund.currency)} now; you will get an email when it is sent${by}.`;
      if (c.ticket.type === 'return' || c.ticket.type === 'exchange')
        return `Send the items back, or have them ready for the courier if you chose a pickup. We will confirm when they arrive and finish${by}.`;
      return `We will carry on with it and finish${by}.`;
    },
  },
  TicketRejected: {
    subject: (c, w) => `We could not accept your ${w.types[c.ticket.type]}`,
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `We are sorry: we could not accept your ${w.types[c.ticket.type]} ${ticketRef(c.ticket.id)}. The reason:`,
      },
      { kind: 'quote', text: c.data.reason },
    ],
    next: (c) =>
      c.ticket.replyWithinHours
        ? `If you disagree, reply on your ticket page and a supervisor will review it within ${c.ticket.replyWithinHours} hours.`
        : 'If you disagree, reply on your ticket page and a supervisor will review it.',
  },
  PickupBooked: {
    subject: () => 'Your courier pickup is booked',
    body: (c, w) => [
      { kind: 'paragraph', text: `We booked a courier to collect the items of ${ticketRef(c.ticket.id)}.` },
      {
        kind: 'facts',
        rows: [
          [w.labels.carrier, c.data.carrier],
          [w.labels.booking, c.data.bookingId],
          [w.labels.window, `${w.date(c.data.window.from)} – ${w.date(c.data.window.to)}`],
        ],
      },
    ],
    next: (c, w) =>
      `Have the parcel packed and ready between ${w.date(c.data.window.from)} and ${w.date(c.data.window.to)}. We will email you when it arrives.`,
  },
  ReturnShipped: {
    subject: () => 'Your return is on its way',
    body: (c, w) => [
      { kind: 'paragraph', text: `Thank you for sending back the items of ${ticketRef(c.ticket.id)}.` },
      {
        kind: 'facts',
        rows: [
          [w.labels.carrier, c.data.carrier],
          [w.labels.tracking, c.data.trackingNumber],
        ],
      },
    ],
    next: (c, w) =>
      `We will email you when it arrives${c.ticket.resolutionDueAt ? ` and finish your ${w.types[c.ticket.type]} by ${w.date(c.ticket.resolutionDueAt)}` : ''}.`,
  },
  ReturnReceived: {
    subject: () => 'We received your return',
    body: (c) => [
      { kind: 'paragraph', text: `The items of ${ticketRef(c.ticket.id)} arrived at our warehouse.` },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `We inspect them and tell you the result by ${w.date(c.ticket.resolutionDueAt)}.`
        : 'We inspect them and tell you the result.',
  },
  InspectionCompleted: {
    subject: (c) =>
      c.data.result === 'accepted' ? 'Your return passed inspection' : 'Your return did not pass inspection',
    body: (c) => [
      {
        kind: 'paragraph',
        text:
          c.data.result === 'accepted'
            ? `We inspected the items of ${ticketRef(c.ticket.id)} and accepted them.`
            : `We inspected the items of ${ticketRef(c.ticket.id)} and could not accept them.`,
      },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) => {
      const by = c.ticket.resolutionDueAt ? ` by ${w.date(c.ticket.resolutionDueAt)}` : '';
      if (c.data.result === 'rejected')
        return `An agent will contact you${by} about sending the items back to you. Reply on your ticket page if you disagree.`;
      return c.ticket.refund
        ? `Your refund of ${w.money(c.ticket.refund.amount, c.ticket.refund.currency)} follows${by}; you will get an email when it is sent.`
        : `We complete your ${w.types[c.ticket.type]}${by}.`;
    },
  },
  RefundIssued: {
    subject: (c, w) => `Your refund of ${w.money(c.data.amount, c.data.currency)} is on its way`,
    body: (c, w) => [
      { kind: 'paragraph', text: `We sent your refund for ${ticketRef(c.ticket.id)}.` },
      { kind: 'facts', rows: [[w.labels.amount, w.money(c.data.amount, c.data.currency)]] },
    ],
    next: (c, w) =>
      `Banks usually show it within 5 business days, so by ${w.date(new Date(Date.parse(c.at) + 7 * 86_400_000).toISOString())}. If it has not arrived by then, reply on your ticket page.`,
  },
  RefundFailed: {
    subject: () => 'Your refund could not be sent yet',
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `The refund of ${w.money(c.data.amount, c.data.currency)} for ${ticketRef(c.ticket.id)} has not reached you yet.`,
      },
      { kind: 'quote', text: refundFailureText(c.data.code, 'en') },
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `We retry, or an agent contacts you about another way to pay you, by ${w.date(c.ticket.resolutionDueAt)}. You do not need to do anything now.`
        : 'We retry, or an agent contacts you about another way to pay you. You do not need to do anything now.',
  },
  InfoRequested: {
    subject: (c, w) => `We need more information about your ${w.types[c.ticket.type]}`,
    body: (c) => [
      { kind: 'paragraph', text: `To go on with ${ticketRef(c.ticket.id)} we need something from you:` },
      ...quoteIf(c.data.message),
    ],
    next: (c) =>
      `Please reply on your ticket page. Our clock waits for you; once you reply, we answer within ${c.ticket.replyWithinHours ?? 24} hours.`,
  },
  MessageAdded: {
    subject: (c, w) => `New reply on your ${w.types[c.ticket.type]}`,
    body: (c) => [
      { kind: 'paragraph', text: `An agent wrote on ${ticketRef(c.ticket.id)}:` },
      { kind: 'quote', text: c.data.body },
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `Reply on your ticket page if you need anything. We aim to resolve it by ${w.date(c.ticket.resolutionDueAt)}.`
        : 'Reply on your ticket page if you need anything.',
  },
  TicketResolved: {
    subject: (c, w) => `Your ${w.types[c.ticket.type]} is resolved – how did we do?`,
    body: (c) => [
      { kind: 'paragraph', text: `We resolved ${ticketRef(c.ticket.id)}.` },
      ...quoteIf(c.data.summary),
      ...(c.survey
        ? [
            {
              kind: 'choices',
              prompt: 'How satisfied are you with our help? (1 = not at all, 5 = very)',
              options: [1, 2, 3, 4, 5].map((score) => ({
                label: String(score),
                url: c.survey?.csat(score) ?? '',
              })),
            } as Block,
            {
              kind: 'choices',
              prompt: 'How likely are you to recommend us to a friend? (0 = not at all, 10 = very likely)',
              options: Array.from({ length: 11 }, (_, score) => ({
                label: String(score),
                url: c.survey?.nps(score) ?? '',
              })),
            } as Block,
          ]
        : []),
    ],
    next: (c, w) =>
      c.ticket.autoCloseAt
        ? `If the problem is not solved, reply on your ticket page before ${w.date(c.ticket.autoCloseAt)} and we reopen it. After that the ticket closes by itself.`
        : 'If the problem is not solved, reply on your ticket page and we reopen it.',
  },
  TicketReopened: {
    subject: (c, w) => `Your ${w.types[c.ticket.type]} is open again`,
    body: (c) => [
      { kind: 'paragraph', text: `We reopened ${ticketRef(c.ticket.id)}.` },
      ...quoteIf(c.data.reason),
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `We work on it again and aim to resolve it by ${w.date(c.ticket.resolutionDueAt)}.`
        : 'We work on it again.',
  },
  TicketCancelled: {
    subject: (c, w) => `Your ${w.types[c.ticket.type]} is cancelled`,
    body: (c) => [
      { kind: 'paragraph', text: `${ticketRef(c.ticket.id)} is cancelled.` },
      ...quoteIf(c.data.reason),
    ],
    next: () => 'Nothing else will happen. If you still need help, open a new ticket at any time.',
  },
  TicketClosed: {
    subject: (c, w) => `Your ${w.types[c.ticket.type]} is closed`,
    body: (c) => [
      {
        kind: 'paragraph',
        text:
          c.data.timeout === 'customerShipReturn'
            ? `${ticketRef(c.ticket.id)} closed by itself: the items were not sent back in time. The items you claimed are free to claim again.`
            : c.data.timeout === 'customerAppeal'
              ? `${ticketRef(c.ticket.id)} closed by itself: the time to appeal the decision has passed.`
              : c.data.automatic
                ? `${ticketRef(c.ticket.id)} closed by itself, as nobody replied after it was resolved.`
                : `${ticketRef(c.ticket.id)} is closed.`,
      },
    ],
    next: () => 'Nothing else will happen. If you need more help, open a new ticket at any time.',
  },
  ComplaintAcknowledged: {
    subject: () => 'Our complaints team has your complaint',
    body: (c) => [
      {
        kind: 'paragraph',
        text: `Your complaint ${ticketRef(c.ticket.id)} is with our ${c.data.team} team.`,
      },
    ],
    next: (c, w) =>
      [
        c.ticket.firstResponseDueAt
          ? `They will answer by ${w.date(c.ticket.firstResponseDueAt)}`
          : 'They will answer soon',
        c.ticket.resolutionDueAt ? ` and aim to settle it by ${w.date(c.ticket.resolutionDueAt)}.` : '.',
      ].join(''),
  },
  ReturnShipmentReminder: {
    subject: () => 'Please send the items back soon',
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `The items of ${ticketRef(c.ticket.id)} have not been sent back yet. Please ship them by ${w.date(c.data.shipBy)}; after that the request closes by itself.`,
      },
    ],
    next: () => 'When the parcel is on its way, tell us the carrier and tracking number on the ticket.',
  },
  TicketAppealed: {
    subject: () => 'We received your appeal',
    body: (c) => [
      { kind: 'paragraph', text: `A supervisor will review the decision on ${ticketRef(c.ticket.id)}. Your reason:` },
      { kind: 'quote', text: c.data.reason },
    ],
    next: () => 'We will tell you the outcome by email. A second rejection is final.',
  },
  ReturnAuthorized: {
    subject: () => 'You can send the items back now',
    body: (c) => [
      {
        kind: 'paragraph',
        text: `Your request ${ticketRef(c.ticket.id)} is approved. Pack the items and drop them off with any courier; add the request number to the parcel.`,
      },
    ],
    next: () => 'When it is on its way, tell us the carrier and tracking number on the ticket.',
  },
  OutboundShipped: {
    subject: (c) =>
      c.data.kind === 'replacement' ? 'Your replacement is on its way' : 'Your repaired item is on its way',
    body: (c, w) => [
      {
        kind: 'paragraph',
        text:
          c.data.kind === 'replacement'
            ? `We sent the replacement for ${ticketRef(c.ticket.id)}.`
            : `We sent back your repaired item for ${ticketRef(c.ticket.id)}.`,
      },
      {
        kind: 'facts',
        rows: [
          [w.labels.carrier, c.data.carrier],
          [w.labels.tracking, c.data.trackingNumber],
        ],
      },
    ],
    next: () => 'Once it arrives, the ticket closes by itself unless you write to us.',
  },
  RepairStarted: {
    subject: () => 'We are repairing your item',
    body: (c) => [
      { kind: 'paragraph', text: `Repairs on ${ticketRef(c.ticket.id)} have started.` },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `We aim to send it back by ${w.date(c.ticket.resolutionDueAt)}.`
        : 'We will tell you when it is done.',
  },
  RepairCompleted: {
    subject: () => 'Your item is repaired',
    body: (c) => [
      { kind: 'paragraph', text: `The repair of ${ticketRef(c.ticket.id)} is done.` },
      ...quoteIf(c.data.note),
    ],
    next: () => 'We send it back to you next and email you the tracking number.',
  },
};

const customerZh: CustomerTemplates = {
  TicketCreated: {
    subject: (c, w) =>
      c.ticket.subject
        ? `我们已收到您的${w.types[c.ticket.type]}：${c.ticket.subject}`
        : `我们已收到您的${w.types[c.ticket.type]}`,
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `感谢您的反馈。我们已为您创建${w.types[c.ticket.type]} ${ticketRef(c.ticket.id)}。`,
      },
      ...(c.ticket.items.length > 0
        ? [{ kind: 'facts', rows: [[w.labels.items, itemsText(c.ticket, '，')]] } as Block]
        : []),
      ...quoteIf(c.ticket.description),
    ],
    next: (c, w) =>
      [
        c.ticket.firstResponseDueAt ? `客服将在 ${w.date(c.ticket.firstResponseDueAt)} 前回复您。` : null,
        c.ticket.resolutionDueAt ? `我们力争在 ${w.date(c.ticket.resolutionDueAt)} 前处理完毕。` : null,
      ]
        .filter(Boolean)
        .join('') || '客服将尽快回复您。',
  },
  TicketApproved: {
    subject: (c, w) => `您的${w.types[c.ticket.type]}已通过审核`,
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `好消息：您的${w.types[c.ticket.type]} ${ticketRef(c.ticket.id)} 已通过审核。`,
      },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) => {
      const by = c.ticket.resolutionDueAt ? `，最晚于 ${w.date(c.ticket.resolutionDueAt)}` : '';
      if (c.ticket.type === 'refund' && c.ticket.refund)
        return `我们正在为您办理 ${w.money(c.ticket.refund.amount, c.ticket.refund.currency)} 的退款${by}；退款发出后会再发邮件通知您。`;
      if (c.ticket.type === 'return' || c.ticket.type === 'exchange')
        return `请将商品寄回；如您选择了上门取件，请备好包裹等待快递员。商品到达后我们会通知您${by}完成处理。`;
      return `我们将继续处理${by}完成。`;
    },
  },
  TicketRejected: {
    subject: (c, w) => `很抱歉，您的${w.types[c.ticket.type]}未能通过`,
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `很抱歉，您的${w.types[c.ticket.type]} ${ticketRef(c.ticket.id)} 未能通过审核，原因如下：`,
      },
      { kind: 'quote', text: c.data.reason },
    ],
    next: (c) =>
      c.ticket.replyWithinHours
        ? `如有异议，请在工单页面回复，主管将在 ${c.ticket.replyWithinHours} 小时内复核。`
        : '如有异议，请在工单页面回复，主管将进行复核。',
  },
  PickupBooked: {
    subject: () => '已为您预约上门取件',
    body: (c, w) => [
      { kind: 'paragraph', text: `我们已为工单 ${ticketRef(c.ticket.id)} 预约快递上门取件。` },
      {
        kind: 'facts',
        rows: [
          [w.labels.carrier, c.data.carrier],
          [w.labels.booking, c.data.bookingId],
          [w.labels.window, `${w.date(c.data.window.from)} – ${w.date(c.data.window.to)}`],
        ],
      },
    ],
    next: (c, w) =>
      `请在 ${w.date(c.data.window.from)} 至 ${w.date(c.data.window.to)} 之间备好包裹。商品到达后我们会发邮件通知您。`,
  },
  ReturnShipped: {
    subject: () => '您的退回商品已寄出',
    body: (c, w) => [
      { kind: 'paragraph', text: `感谢您寄回工单 ${ticketRef(c.ticket.id)} 的商品。` },
      {
        kind: 'facts',
        rows: [
          [w.labels.carrier, c.data.carrier],
          [w.labels.tracking, c.data.trackingNumber],
        ],
      },
    ],
    next: (c, w) =>
      `商品到达后我们会通知您${c.ticket.resolutionDueAt ? `，并在 ${w.date(c.ticket.resolutionDueAt)} 前处理完您的${w.types[c.ticket.type]}` : ''}。`,
  },
  ReturnReceived: {
    subject: () => '我们已收到您退回的商品',
    body: (c) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 的商品已到达我们的仓库。` },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `我们将进行质检，并在 ${w.date(c.ticket.resolutionDueAt)} 前告知您结果。`
        : '我们将进行质检并告知您结果。',
  },
  InspectionCompleted: {
    subject: (c) => (c.data.result === 'accepted' ? '您退回的商品已通过质检' : '您退回的商品未通过质检'),
    body: (c) => [
      {
        kind: 'paragraph',
        text:
          c.data.result === 'accepted'
            ? `工单 ${ticketRef(c.ticket.id)} 的商品已通过质检。`
            : `工单 ${ticketRef(c.ticket.id)} 的商品未能通过质检。`,
      },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) => {
      const by = c.ticket.resolutionDueAt ? `在 ${w.date(c.ticket.resolutionDueAt)} 前` : '';
      if (c.data.result === 'rejected')
        return `客服将${by}与您联系，商讨将商品寄还给您的事宜。如有异议，请在工单页面回复。`;
      return c.ticket.refund
        ? `我们将${by}为您退款 ${w.money(c.ticket.refund.amount, c.ticket.refund.currency)}，退款发出后会发邮件通知您。`
        : `我们将${by}完成您的${w.types[c.ticket.type]}。`;
    },
  },
  RefundIssued: {
    subject: (c, w) => `您的退款 ${w.money(c.data.amount, c.data.currency)} 已发出`,
    body: (c, w) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 的退款已发出。` },
      { kind: 'facts', rows: [[w.labels.amount, w.money(c.data.amount, c.data.currency)]] },
    ],
    next: (c, w) =>
      `银行通常在 5 个工作日内入账，即 ${w.date(new Date(Date.parse(c.at) + 7 * 86_400_000).toISOString())} 前。如届时仍未到账，请在工单页面回复。`,
  },
  RefundFailed: {
    subject: () => '您的退款暂未成功发出',
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `工单 ${ticketRef(c.ticket.id)} 的 ${w.money(c.data.amount, c.data.currency)} 退款暂未到账。`,
      },
      { kind: 'quote', text: refundFailureText(c.data.code, 'zh-CN') },
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `我们将在 ${w.date(c.ticket.resolutionDueAt)} 前重试，或由客服联系您改用其他方式退款。您现在无需任何操作。`
        : '我们将重试，或由客服联系您改用其他方式退款。您现在无需任何操作。',
  },
  InfoRequested: {
    subject: (c, w) => `关于您的${w.types[c.ticket.type]}，我们需要更多信息`,
    body: (c) => [
      { kind: 'paragraph', text: `为继续处理工单 ${ticketRef(c.ticket.id)}，我们需要您提供：` },
      ...quoteIf(c.data.message),
    ],
    next: (c) =>
      `请在工单页面回复。在您回复之前计时暂停；收到回复后，我们将在 ${c.ticket.replyWithinHours ?? 24} 小时内答复。`,
  },
  MessageAdded: {
    subject: (c, w) => `您的${w.types[c.ticket.type]}有新回复`,
    body: (c) => [
      { kind: 'paragraph', text: `客服在工单 ${ticketRef(c.ticket.id)} 中回复：` },
      { kind: 'quote', text: c.data.body },
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `如有需要，请在工单页面回复。我们力争在 ${w.date(c.ticket.resolutionDueAt)} 前处理完毕。`
        : '如有需要，请在工单页面回复。',
  },
  TicketResolved: {
    subject: (c, w) => `您的${w.types[c.ticket.type]}已处理完毕，请为我们的服务评分`,
    body: (c) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 已处理完毕。` },
      ...quoteIf(c.data.summary),
      ...(c.survey
        ? [
            {
              kind: 'choices',
              prompt: '您对本次服务满意吗？（1 = 非常不满意，5 = 非常满意）',
              options: [1, 2, 3, 4, 5].map((score) => ({
                label: String(score),
                url: c.survey?.csat(score) ?? '',
              })),
            } as Block,
            {
              kind: 'choices',
              prompt: '您有多大可能向朋友推荐我们？（0 = 完全不可能，10 = 非常可能）',
              options: Array.from({ length: 11 }, (_, score) => ({
                label: String(score),
                url: c.survey?.nps(score) ?? '',
              })),
            } as Block,
          ]
        : []),
    ],
    next: (c, w) =>
      c.ticket.autoCloseAt
        ? `如问题仍未解决，请在 ${w.date(c.ticket.autoCloseAt)} 前在工单页面回复，我们会重新处理；逾期工单将自动关闭。`
        : '如问题仍未解决，请在工单页面回复，我们会重新处理。',
  },
  TicketReopened: {
    subject: (c, w) => `您的${w.types[c.ticket.type]}已重新打开`,
    body: (c) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 已重新打开。` },
      ...quoteIf(c.data.reason),
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `我们将继续处理，力争在 ${w.date(c.ticket.resolutionDueAt)} 前解决。`
        : '我们将继续处理。',
  },
  TicketCancelled: {
    subject: (c, w) => `您的${w.types[c.ticket.type]}已取消`,
    body: (c) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 已取消。` },
      ...quoteIf(c.data.reason),
    ],
    next: () => '此工单不会再有后续操作。如仍需帮助，欢迎随时提交新的工单。',
  },
  TicketClosed: {
    subject: (c, w) => `您的${w.types[c.ticket.type]}已关闭`,
    body: (c) => [
      {
        kind: 'paragraph',
        text:
          c.data.timeout === 'customerShipReturn'
            ? `工单 ${ticketRef(c.ticket.id)} 因商品未在规定时间内寄回，已自动关闭，所申请的商品可重新申请售后。`
            : c.data.timeout === 'customerAppeal'
              ? `工单 ${ticketRef(c.ticket.id)} 已过申诉期限，已自动关闭。`
              : c.data.automatic
                ? `工单 ${ticketRef(c.ticket.id)} 在处理完毕后无人回复，已自动关闭。`
                : `工单 ${ticketRef(c.ticket.id)} 已关闭。`,
      },
    ],
    next: () => '此工单不会再有后续操作。如需更多帮助，欢迎随时提交新的工单。',
  },
  ComplaintAcknowledged: {
    subject: () => '投诉处理团队已受理您的投诉',
    body: (c) => [
      { kind: 'paragraph', text: `您的投诉 ${ticketRef(c.ticket.id)} 已由 ${c.data.team} 团队受理。` },
    ],
    next: (c, w) =>
      [
        c.ticket.firstResponseDueAt
          ? `他们将在 ${w.date(c.ticket.firstResponseDueAt)} 前答复您`
          : '他们将尽快答复您',
        c.ticket.resolutionDueAt ? `，并力争在 ${w.date(c.ticket.resolutionDueAt)} 前处理完毕。` : '。',
      ].join(''),
  },
  ReturnShipmentReminder: {
    subject: () => '请尽快寄回商品',
    body: (c, w) => [
      {
        kind: 'paragraph',
        text: `工单 ${ticketRef(c.ticket.id)} 的商品尚未寄出。请在 ${w.date(c.data.shipBy)} 前寄回，逾期申请将自动关闭。`,
      },
    ],
    next: () => '寄出后，请在工单中填写快递公司和运单号。',
  },
  TicketAppealed: {
    subject: () => '我们已收到您的申诉',
    body: (c) => [
      { kind: 'paragraph', text: `主管将复核工单 ${ticketRef(c.ticket.id)} 的处理结果。您的申诉理由：` },
      { kind: 'quote', text: c.data.reason },
    ],
    next: () => '我们将通过邮件告知复核结果。再次驳回即为最终结果。',
  },
  ReturnAuthorized: {
    subject: () => '您可以寄回商品了',
    body: (c) => [
      {
        kind: 'paragraph',
        text: `您的申请 ${ticketRef(c.ticket.id)} 已通过。请打包商品并交给任意快递寄出，包裹上请注明申请编号。`,
      },
    ],
    next: () => '寄出后，请在工单中填写快递公司和运单号。',
  },
  OutboundShipped: {
    subject: (c) => (c.data.kind === 'replacement' ? '您的换货商品已发出' : '您维修好的商品已寄回'),
    body: (c, w) => [
      {
        kind: 'paragraph',
        text:
          c.data.kind === 'replacement'
            ? `工单 ${ticketRef(c.ticket.id)} 的换货商品已发出。`
            : `工单 ${ticketRef(c.ticket.id)} 的商品已维修完毕并寄回。`,
      },
      {
        kind: 'facts',
        rows: [
          [w.labels.carrier, c.data.carrier],
          [w.labels.tracking, c.data.trackingNumber],
        ],
      },
    ],
    next: () => '签收后，如无其他问题，工单将自动关闭。',
  },
  RepairStarted: {
    subject: () => '我们正在维修您的商品',
    body: (c) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 的维修已开始。` },
      ...quoteIf(c.data.note),
    ],
    next: (c, w) =>
      c.ticket.resolutionDueAt
        ? `我们力争在 ${w.date(c.ticket.resolutionDueAt)} 前寄回。`
        : '维修完成后我们会通知您。',
  },
  RepairCompleted: {
    subject: () => '您的商品已维修完毕',
    body: (c) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 的维修已完成。` },
      ...quoteIf(c.data.note),
    ],
    next: () => '我们接下来会寄回商品，并通过邮件告知运单号。',
  },
};

const customerTemplates: Readonly<Record<MailLocale, CustomerTemplates>> = {
  en: customerEn,
  'zh-CN': customerZh,
};

function ticketLink(url: string | null, w: Words): Block[] {
  return url ? [{ kind: 'link', label: w.openTicket, url }] : [];
}

/** The email for one customer-visible event, in the customer's language. */
export function customerEmail<K extends CustomerMailKind>(context: CustomerMailContext<K>): EmailContent {
  const w = words[context.locale];
  const template = customerTemplates[context.locale][context.kind] as unknown as CustomerTemplate<K>;
  return {
    subject: w.subject(ticketRef(context.ticket.id), template.subject(context, w)),
    greeting: w.hello,
    blocks: [...template.body(context, w), ...ticketLink(context.ticketUrl, w)],
    next: template.next(context, w),
    signature: w.signature,
  };
}

// Staff mail ------------------------------------------------------------------------------------

function staffFacts(c: StaffMailContext, w: Words, due?: string): Block {
  const date = (iso: string) => formatDateTime(iso, c.locale, c.timezone);
  return {
    kind: 'facts',
    rows: [
      [w.labels.ticket, `${ticketRef(c.ticket.id)} (${c.ticket.id})`],
      [w.labels.type, w.types[c.ticket.type]],
      [w.labels.status, c.ticket.status],
      [w.labels.priority, c.ticket.priority],
      [w.labels.team, c.ticket.team],
      ...(due ? [[w.labels.due, date(due)] as const] : []),
    ],
  };
}

/** A one-line summary of a staff event: the subject line, and a digest entry. */
export function staffSummary(c: StaffMailContext): string {
  const w = words[c.locale];
  const date = (iso: string) => formatDateTime(iso, c.locale, c.timezone);
  const zhCN = c.locale === 'zh-CN';
  switch (c.kind) {
    case 'SlaWarning': {
      const data = c.data as EventData<'SlaWarning'>;
      return zhCN
        ? `SLA 预警：${w.metrics[data.metric]}将于 ${date(data.dueAt)} 到期`
        : `SLA warning: ${w.metrics[data.metric]} due ${date(data.dueAt)}`;
    }
    case 'SlaBreached': {
      const data = c.data as EventData<'SlaBreached'>;
      return zhCN
        ? `SLA 已超时：${w.metrics[data.metric]}应于 ${date(data.dueAt)} 完成`
        : `SLA breached: ${w.metrics[data.metric]} was due ${date(data.dueAt)}`;
    }
    case 'TicketEscalated': {
      const data = c.data as EventData<'TicketEscalated'>;
      return zhCN ? `工单已升级至第 ${data.level} 级` : `Escalated to level ${data.level}`;
    }
    case 'RefundAttentionNeeded': {
      const data = c.data as EventData<'RefundAttentionNeeded'>;
      const amount = formatMoney(data.amount, data.currency, c.locale);
      return zhCN ? `退款失败，需要处理：${amount}` : `Refund failed, action needed: ${amount}`;
    }
    case 'ApprovalEscalated': {
      const data = c.data as EventData<'ApprovalEscalated'>;
      const amount = formatMoney(data.amount, data.currency, c.locale);
      return zhCN
        ? `退款超出审批额度，待您审批：${amount}`
        : `Approval above the ceiling needs you: ${amount}`;
    }
  }
  return c.kind;
}

function staffNext(c: StaffMailContext): string {
  const zhCN = c.locale === 'zh-CN';
  const date = (iso: string) => formatDateTime(iso, c.locale, c.timezone);
  if (c.kind === 'SlaWarning') {
    const data = c.data as EventData<'SlaWarning'>;
    return zhCN
      ? `请在 ${date(data.dueAt)} 前处理，以免超时。`
      : `Act before ${date(data.dueAt)} to keep the SLA.`;
  }
  if (c.kind === 'RefundAttentionNeeded') {
    const data = c.data as EventData<'RefundAttentionNeeded'>;
    return zhCN
      ? `支付渠道答复：“${data.reason}”。请在工单中重试退款（retry_refund），或以其他方式解决后关闭工单。`
      : `The payment provider said: “${data.reason}”. Retry the refund on the ticket (retry_refund), or settle it another way and resolve the ticket.`;
  }
  if (c.kind === 'ApprovalEscalated') {
    const data = c.data as EventData<'ApprovalEscalated'>;
    return zhCN
      ? `${data.requestedBy} 无权批准这笔金额（含该订单已批准或已退的款项）。请审核后批准（approve）或驳回（reject）。`
      : `${data.requestedBy} may not approve this much (the order's refunds approved or paid included). Review it, then approve or reject.`;
  }
  if (c.kind === 'SlaBreached')
    return zhCN
      ? '请立即处理；如无人处理，工单将按策略继续升级。'
      : 'Please act now; unless someone does, the policy escalates it further.';
  const data = c.data as EventData<'TicketEscalated'>;
  const steps: string[] = [];
  if (data.priority)
    steps.push(zhCN ? `优先级已调整为 ${data.priority}` : `priority is now ${data.priority}`);
  if (data.team)
    steps.push(zhCN ? `工单位于 ${data.team} 团队队列` : `the ticket sits in the ${data.team} queue`);
  if (data.alertOperations) steps.push(zhCN ? '已通知运维值班' : 'operations on-call is alerted');
  const prefix = zhCN ? '请接手或重新分配该工单' : 'Take or reassign the ticket';
  return steps.length > 0
    ? `${prefix}${zhCN ? '（' : ' ('}${steps.join(zhCN ? '；' : '; ')}${zhCN ? '）。' : ').'}`
    : `${prefix}${zhCN ? '。' : '.'}`;
}

/** The email for one SLA or escalation event, to one member of staff, in their language and time zone. */
export function staffEmail(context: StaffMailContext): EmailContent {
  const w = words[context.locale];
  const due =
    context.kind === 'TicketEscalated' ||
    context.kind === 'RefundAttentionNeeded' ||
    context.kind === 'ApprovalEscalated'
      ? undefined
      : (context.data as EventData<'SlaWarning'>).dueAt;
  const note =
    context.kind === 'TicketEscalated' ? (context.data as EventData<'TicketEscalated'>).note : null;
  return {
    subject: w.subject(ticketRef(context.ticket.id), staffSummary(context)),
    greeting: w.helloStaff(context.recipientName),
    blocks: [
      { kind: 'paragraph', text: staffSummary(context) },
      staffFacts(context, w, due),
      ...quoteIf(note),
      ...(context.ticketUrl ? [{ kind: 'link', label: w.openTicket, url: context.ticketUrl } as Block] : []),
    ],
    next: staffNext(context),
    signature: w.staffSignature,
  };
}

export interface DigestEntry {
  readonly ticketId: string;
  readonly summary: string;
  readonly at: string;
}

/** Everything held back outside someone's working hours, in one email when their day starts. */
export function digestEmail(input: {
  readonly locale: MailLocale;
  readonly timezone: string;
  readonly recipientName: string;
  readonly entries: readonly DigestEntry[];
}): EmailContent {
  const w = words[input.locale];
  const zhCN = input.locale === 'zh-CN';
  const count = input.entries.length;
  return {
    subject: zhCN
      ? `您离开期间的 ${count} 条工单提醒`
      : `${count} ticket alert${count === 1 ? '' : 's'} while you were away`,
    greeting: w.helloStaff(input.recipientName),
    blocks: [
      {
        kind: 'paragraph',
        text: zhCN
          ? '以下提醒发生在您的工作时间之外，我们将其汇总到此：'
          : 'These came in outside your working hours, so we held them for the start of your day:',
      },
      {
        kind: 'facts',
        rows: input.entries.map(
          (entry) =>
            [
              formatDateTime(entry.at, input.locale, input.timezone),
              `${ticketRef(entry.ticketId)} ${entry.summary}`,
            ] as const,
        ),
      },
    ],
    next: zhCN ? '请查看上述工单，优先处理已超时的工单。' : 'Look at these tickets, breached ones first.',
    signature: w.staffSignature,
  };
}
