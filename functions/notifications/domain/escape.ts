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

/** C0 and C1 controls (NEL is U+0085), DEL and the Unicode line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlPattern = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Bidirectional embeddings, overrides and isolates: they can make text read backwards. */
const bidiPattern = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Header values (the subject): no line breaks, no control characters and no bidirectional
 * overrides, so nothing can add a header or disguise what the subject says.
 */
export function headerSafe(value: string, maxLength = 200): string {
  const flat = value
    .replace(bidiPattern, '')
    .replace(controlPattern, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

const codePoint = (char: string) =>
  `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;

/**
 * Body text: line breaks and tabs stay; every other control character and every bidirectional
 * control is shown as its code point (`[U+202E]`), so it is visible and changes nothing.
 */
export function inertText(value: string): string {
  return value
    .replace(bidiPattern, codePoint)
    .replace(controlPattern, (char) =>
      char === '\n' || char === '\r' || char === '\t' ? char : codePoint(char),
    );
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
