import type { Block, EmailContent } from '../email.js';
import type { CustomerMailKind } from '../kinds.js';
import { formatDateTime, formatMoney, type MailLocale } from '../locale.js';
import { customerEn, en } from './en.js';
import {
  type CustomerMailContext,
  type CustomerTemplate,
  type CustomerTemplates,
  type EventData,
  quoteIf,
  type StaffMailContext,
  ticketRef,
  type Words,
} from './types.js';
import { customerZh, zh } from './zh-CN.js';

export { type CustomerMailKind, customerMailKinds, type StaffMailKind, staffMailKinds } from '../kinds.js';
export {
  type CustomerMailContext,
  type EventData,
  type StaffMailContext,
  type SurveyLinks,
  type TicketFacts,
  ticketRef,
} from './types.js';

/** One table per language (en.ts, zh-CN.ts), the same keys in both. */
export const words: Readonly<Record<MailLocale, Words>> = { en, 'zh-CN': zh };

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
    case 'WorkflowStuck': {
      const data = c.data as EventData<'WorkflowStuck'>;
      return zhCN
        ? `自动处理停滞：${data.step}（已重试 ${data.redrives} 次）`
        : `Automated step stuck: ${data.step} (re-driven ${data.redrives} times)`;
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
  if (c.kind === 'WorkflowStuck') {
    const data = c.data as EventData<'WorkflowStuck'>;
    return zhCN
      ? `工单自 ${date(data.since)} 起停在“${data.status}”，系统已重试 ${data.redrives} 次，运维已收到告警。请查看工单与运维手册（Workflow stuck）。`
      : `The ticket has waited in "${data.status}" since ${date(data.since)}; the system re-drove the step ${data.redrives} times and alerted operations. See the ticket and the runbook entry "Workflow stuck".`;
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
    context.kind === 'ApprovalEscalated' ||
    context.kind === 'WorkflowStuck'
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
