/**
 * Formatting for the console: money from integer minor units (exact, never through a binary
 * fraction), times in the viewer's time zone, countdowns. Pure: no DOM, unit-tested.
 */

/** Digits after the decimal point of a currency's minor unit (CNY 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** An integer of minor units as an exact decimal string: 12900 CNY → "129.00", -5 → "-0.05". */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Not an integer amount: ${minor}`);
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits === 0) return sign + text;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Money in the order's currency, e.g. 12900 CNY → "¥129.00" (en) or "¥129.00" (zh-CN). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // A decimal string keeps every digit: Intl formats it exactly.
  return format.format(minorToDecimal(minor, currency) as Intl.StringNumericLiteral);
}

/**
 * What a person typed as an amount ("12", "12.5", "12.50") in minor units, or null when it is
 * not an amount of that currency (too many decimals, a sign, letters).
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d{1,13})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number((match[1] ?? '0') + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** A date and time in the viewer's time zone (or the one given). */
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 3 hours", "5 minutes ago", "3小时后": the largest whole unit, minutes at least. */
export function formatRelative(iso: string, now: Date, locale: string): string {
  const delta = Date.parse(iso) - now.getTime();
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(delta) >= size || unit === 'minute') return format.format(Math.trunc(delta / size), unit);
  }
  return format.format(0, 'minute');
}

/** Whether a deadline has passed. */
export function isPast(iso: string, now: Date): boolean {
  return Date.parse(iso) <= now.getTime();
}
