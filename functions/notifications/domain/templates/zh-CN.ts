import { refundFailureText } from '../../../tickets/workflows/refund/domain/failure.js';
import type { Block } from '../email.js';
import { formatDateTime, formatMoney } from '../locale.js';
import { type CustomerTemplates, itemsText, quoteIf, ticketRef, type Words } from './types.js';

/** Simplified Chinese. */
export const zh: Words = {
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
  signature: 'Redress 售后服务。您可以直接回复本邮件：回复内容会添加到您的工单中，与在工单页面中回复相同。',
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

/** The customer emails in Simplified Chinese; en.ts has the same keys (the compiler checks). */
export const customerZh: CustomerTemplates = {
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
    subject: (c, w) => `您的${w.types[c.ticket.type]}已处理完毕`,
    body: (c) => [
      { kind: 'paragraph', text: `工单 ${ticketRef(c.ticket.id)} 已处理完毕。` },
      ...quoteIf(c.data.summary),
      { kind: 'paragraph', text: '稍后我们会发送一份简短的满意度调查。' },
    ],
    next: (c, w) =>
      c.ticket.autoCloseAt
        ? `如问题仍未解决，请在 ${w.date(c.ticket.autoCloseAt)} 前在工单页面回复，我们会重新处理；逾期工单将自动关闭。`
        : '如问题仍未解决，请在工单页面回复，我们会重新处理。',
  },
  SurveyRequested: {
    subject: (c, w) => `请为我们处理您的${w.types[c.ticket.type]}的服务评分`,
    body: (c) => [
      {
        kind: 'paragraph',
        text: `工单 ${ticketRef(c.ticket.id)} 已处理完毕。请回答两个简短问题，点击一次即可：`,
      },
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
        : [{ kind: 'paragraph', text: '您可以在工单页面为我们的服务评分。' } as Block]),
    ],
    next: (c) => (c.survey ? '链接 30 天内有效，无需登录。感谢您抽出时间。' : null),
  },
  TicketMergedIn: {
    subject: (c, w) => `您的多个请求已合并为一个${w.types[c.ticket.type]}`,
    body: (c) => [
      {
        kind: 'paragraph',
        text: `工单 ${ticketRef(c.data.mergedFrom)} 与工单 ${ticketRef(c.ticket.id)} 涉及同一问题，我们已将两者合并：工单 ${ticketRef(c.data.mergedFrom)} 已关闭，您在其中的留言都已转到工单 ${ticketRef(c.ticket.id)}。`,
      },
    ],
    next: () => '之后我们只在此工单中继续处理，请在这里与我们联系。',
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
