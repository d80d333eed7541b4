import { refundFailureText } from '../../../tickets/workflows/refund/domain/failure.js';
import type { Block } from '../email.js';
import { formatDateTime, formatMoney } from '../locale.js';
import { type CustomerTemplates, itemsText, quoteIf, ticketRef, type Words } from './types.js';

/** English. */
export const en: Words = {
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
  signature:
    'Redress after-sales service. You can reply to this email: your answer is added to your ticket, as if you wrote it on your ticket page.',
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

/** The customer emails in English; zh-CN.ts has the same keys (the compiler checks). */
export const customerEn: CustomerTemplates = {
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
    subject: (c, w) => `Your ${w.types[c.ticket.type]} is resolved`,
    body: (c) => [
      { kind: 'paragraph', text: `We resolved ${ticketRef(c.ticket.id)}.` },
      ...quoteIf(c.data.summary),
      { kind: 'paragraph', text: 'We will send you a short survey about our help soon.' },
    ],
    next: (c, w) =>
      c.ticket.autoCloseAt
        ? `If the problem is not solved, reply on your ticket page before ${w.date(c.ticket.autoCloseAt)} and we reopen it. After that the ticket closes by itself.`
        : 'If the problem is not solved, reply on your ticket page and we reopen it.',
  },
  SurveyRequested: {
    subject: (c, w) => `How did we do with your ${w.types[c.ticket.type]}?`,
    body: (c) => [
      {
        kind: 'paragraph',
        text: `Now that ${ticketRef(c.ticket.id)} is resolved, please answer two short questions (one click each):`,
      },
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
        : [{ kind: 'paragraph', text: 'You can rate our help on your ticket page.' } as Block]),
    ],
    next: (c) => (c.survey ? 'The links work for 30 days, no login needed. Thank you for your time.' : null),
  },
  TicketMergedIn: {
    subject: (c, w) => `Your requests continue as one ${w.types[c.ticket.type]}`,
    body: (c) => [
      {
        kind: 'paragraph',
        text: `${ticketRef(c.data.mergedFrom)} was about the same matter as ${ticketRef(c.ticket.id)}, so we joined them: ${ticketRef(c.data.mergedFrom)} is closed and everything you wrote there is now on ${ticketRef(c.ticket.id)}.`,
      },
    ],
    next: () => 'We carry on with this ticket only; write to us here from now on.',
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
      {
        kind: 'paragraph',
        text: `A supervisor will review the decision on ${ticketRef(c.ticket.id)}. Your reason:`,
      },
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
