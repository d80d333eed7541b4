/**
 * What a customer is told when a refund could not be paid: a neutral sentence in their language.
 * The payment provider's own words (card numbers, account states, HTTP bodies) stay with staff.
 */
export type RefundFailureCode = 'declined' | 'no_answer';

const sentences: Record<'en' | 'zh-CN', Record<RefundFailureCode, string>> = {
  en: {
    declined: 'The payment provider could not return the money to the original payment method.',
    no_answer: 'The payment provider has not confirmed the refund yet.',
  },
  'zh-CN': {
    declined: '支付渠道未能将款项退回原支付方式。',
    no_answer: '支付渠道尚未确认这笔退款。',
  },
};

export function refundFailureText(code: RefundFailureCode, locale: string): string {
  const language = locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return sentences[language][code];
}
