/**
 * What the customer wrote in a reply, without the history their mail program quoted below it
 * and without their signature. Mail programs mark the history in their own ways; each rule
 * below cuts the text at the first line that starts it:
 * - the attribution line: `On <date>, <name> wrote:` (Gmail, Apple Mail, Thunderbird; Gmail
 *   may wrap it over two or three lines) and `在 <date>，<name> 写道：` or `<date> <name> 写道：`
 *   (Chinese Gmail, Apple Mail, Foxmail);
 * - Outlook's and QQ Mail's header blocks: `-----Original Message-----`, `-----原始邮件-----`,
 *   `------------------ 原始邮件 ------------------`, a rule of underscores, or `From:`/`发件人：`
 *   followed within a few lines by `Sent:`/`Date:`/`发送时间：`/`日期：`;
 * - the signature separator `-- ` and the footers mobile mail apps add (`Sent from my iPhone`,
 *   `Get Outlook for Android`, `发自我的iPhone`, …).
 * Lines quoted with `>` anywhere are left out too.
 */
const ATTRIBUTION_END = /(wrote|writes)\s*:\s*$|写道\s*[：:]\s*$/i;
const ATTRIBUTION_START = /^(On\s|在\s*\d|\d{4}\s*[年/-])/;
const HEADER_RULES = [
  /^-{2,}\s*(Original Message|Forwarded message|原始邮件|转发邮件|Original)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];
const HEADER_FROM = /^\s*\**\s*(From|发件人|寄件者)\s*\**\s*[:：]/i;
const HEADER_NEXT = /^\s*\**\s*(Sent|Date|To|Subject|发送时间|日期|时间|收件人|主题)\s*\**\s*[:：]/i;
const SIGNATURE = /^--\s?$/;
const MOBILE_FOOTERS = [
  /^Sent from my \S.*$/i,
  /^Sent from (Mail|Outlook|Yahoo Mail|Gmail)\b.*$/i,
  /^Get Outlook for \S.*$/i,
  /^(发自|来自)我的\s*\S.*$/,
  /^从我的\s*\S.*发送$/,
  /^发自\s*(网易邮箱|QQ邮箱|手机QQ邮箱|Outlook).*$/,
];

function isAttribution(lines: readonly string[], index: number): number {
  const line = lines[index]?.trim() ?? '';
  if (ATTRIBUTION_END.test(line) && (ATTRIBUTION_START.test(line) || /写道/.test(line))) return index;
  // Gmail wraps a long "On … wrote:" line: look ahead two lines for its end.
  if (ATTRIBUTION_START.test(line) && !ATTRIBUTION_END.test(line)) {
    for (let next = index + 1; next <= index + 2 && next < lines.length; next++) {
      const candidate = lines[next]?.trim() ?? '';
      if (candidate === '') break;
      if (ATTRIBUTION_END.test(candidate)) return index;
    }
  }
  return -1;
}

function isHeaderBlock(lines: readonly string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (HEADER_RULES.some((rule) => rule.test(line.trim()))) return true;
  if (!HEADER_FROM.test(line)) return false;
  for (let next = index + 1; next <= index + 4 && next < lines.length; next++) {
    if (HEADER_NEXT.test(lines[next] ?? '')) return true;
  }
  return false;
}

export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    if (isAttribution(lines, index) >= 0) break;
    if (isHeaderBlock(lines, index)) break;
    if (SIGNATURE.test(line)) break;
    if (MOBILE_FOOTERS.some((footer) => footer.test(trimmed))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line.replace(/\s+$/, ''));
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * The text of an HTML body, for mail that has no text part: quoted blocks (`<blockquote>`,
 * Gmail's `gmail_quote`) are dropped, block ends become line breaks, tags go, entities are decoded.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<blockquote\b[\s\S]*?<\/blockquote\s*>/gi, '')
    .replace(/<div[^>]*class="[^"]*gmail_quote[^"]*"[\s\S]*$/i, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (entity, name: string) => {
      if (!name.startsWith('#')) return ENTITIES[name.toLowerCase()] ?? entity;
      const hex = name[1] === 'x' || name[1] === 'X';
      const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
}
