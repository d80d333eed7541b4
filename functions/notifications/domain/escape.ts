/**
 * Every value that reaches an email passes through one of these. Templates produce plain text;
 * only the renderer turns it into HTML, escaping as it goes.
 */
const htmlEntities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);
}

/** Header values (the subject): no line breaks or control characters, so nothing can add a header. */
export function headerSafe(value: string, maxLength = 200): string {
  const controls = (code: number) => code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
  const flat = [...value]
    .map((char) => (controls(char.charCodeAt(0)) ? ' ' : char))
    .join('')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** Only http(s) links make it into an email; anything else becomes inert text. */
export function safeUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

const addressPattern =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A single plain address (no display name, no separators): what we are willing to send to. */
export function isDeliverableAddress(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.length <= 254 && addressPattern.test(value);
}

/** Addresses compare case-insensitively for suppression and dedupe. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}
