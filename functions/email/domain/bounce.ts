import type { EmailContent } from '../../notifications/domain/email.js';

/**
 * Why a received mail was not added to any ticket. A forged reply address and a ticket that does
 * not exist read the same to the sender (`unknown-address`): the answer never tells whether a
 * ticket exists.
 */
export type BounceReason =
  | 'unknown-address'
  | 'not-customer'
  | 'unknown-sender'
  | 'empty'
  | 'too-large'
  | 'ticket-closed';

const reasons: Readonly<Record<BounceReason, { readonly en: string; readonly zh: string }>> = {
  'unknown-address': {
    en: 'The address you wrote to does not belong to any of our tickets.',
    zh: '您发送到的地址不属于任何工单。',
  },
  'not-customer': {
    en: 'Replies to a ticket are accepted only from the address of the customer who opened it.',
    zh: '工单只接受开立该工单的客户邮箱发来的回复。',
  },
  'unknown-sender': {
    en: 'We could not find a customer with your address. Please open your request from your account or the order page.',
    zh: '我们找不到使用此邮箱的客户。请在您的账户或订单页面提交请求。',
  },
  empty: {
    en: 'Your email had no text of its own (only quoted history or a signature).',
    zh: '您的邮件没有正文（只有引用的历史邮件或签名）。',
  },
  'too-large': {
    en: 'Your email was too large. Please send a shorter message, and attachments on your ticket page.',
    zh: '您的邮件过大。请发送较短的内容，附件请在工单页面上传。',
  },
  'ticket-closed': {
    en: 'This ticket is closed. Please open a new request from your account.',
    zh: '该工单已关闭。请在您的账户中提交新的请求。',
  },
};

/** The bounce, in English and Chinese together: who wrote to us, we cannot tell their language. */
export function bounceContent(reason: BounceReason, subject: string): EmailContent {
  const { en, zh } = reasons[reason];
  const quoted = subject.trim() === '' ? '' : ` (${subject.trim().slice(0, 150)})`;
  return {
    subject: `Your email was not delivered / 您的邮件未能送达${quoted}`,
    greeting: 'Hello, 您好：',
    blocks: [
      { kind: 'paragraph', text: `We could not add your email${quoted} to a ticket. ${en}` },
      { kind: 'paragraph', text: `您的邮件${quoted}未能添加到工单。${zh}` },
    ],
    next: null,
    signature: 'Redress after-sales service / Redress 售后服务',
  };
}
