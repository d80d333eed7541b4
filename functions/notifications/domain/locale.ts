/** The languages we write email in. Anything else falls back to English. */
export const mailLocales = ['en', 'zh-CN'] as const;
export type MailLocale = (typeof mailLocales)[number];

/** `zh`, `zh-CN`, `zh-Hans`, `zh_CN`… → zh-CN; everything else (or nothing) → en. */
export function mailLocaleOf(locale: string | null | undefined): MailLocale {
  const tag = (locale ?? '').trim().replace(/_/g, '-').toLowerCase();
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-hans' || tag.startsWith('zh-hans-') || tag === 'zh-sg')
    return 'zh-CN';
  return 'en';
}

/** Customers have no time zone on file: dates are shown in the zone their language implies. */
export const displayZone: Readonly<Record<MailLocale, string>> = {
  en: 'UTC',
  'zh-CN': 'Asia/Shanghai',
};

export function formatDateTime(iso: string, locale: MailLocale, zone: string = displayZone[locale]): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
}

/** Integer minor units in an ISO 4217 currency, written the way the reader expects. */
export function formatMoney(amount: number, currency: string, locale: MailLocale): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${amount} ${currency}`;
  }
}
