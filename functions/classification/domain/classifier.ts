import type { Reason, TicketType } from '../../kernel/ticket-kinds.js';

/**
 * Classification at intake: what a customer wrote (subject and description, Chinese or
 * English) scored against weighted terms per label. Pure and synchronous; a config is compiled
 * once (cached per config object) and a ticket then costs a few microseconds.
 */

/** One term an admin keeps in the classifier config. */
export interface ClassifierTerm {
  /**
   * Latin words match whole words (`doesn't work` matches the words in that order; a trailing
   * `*` matches any ending: `refund*`). Chinese of two or more characters matches anywhere in
   * the text; a single Chinese character only as a word of its own (`坏` in `水壶坏了`, not in
   * `坏账`). Matching ignores case and full-width forms.
   */
  readonly term: string;
  readonly weight: number;
  /** The ticket reason this term speaks for (e.g. `broken` → `defective`). */
  readonly reason?: Reason | undefined;
  /** The ticket type this term asks for (e.g. `换货` → `exchange`). */
  readonly type?: TicketType | undefined;
}

export interface LabelRule {
  readonly label: string;
  /** The label is given when the weights of its distinct matched terms reach this. */
  readonly threshold: number;
  /** The type to suggest when this label is the strongest and no term asks for a type. */
  readonly suggestsType?: TicketType | null | undefined;
  readonly terms: readonly ClassifierTerm[];
}

export interface ClassifierConfig {
  readonly labels: readonly LabelRule[];
  /** Terms that carry no label but say what the customer wants (a type) or why (a reason). */
  readonly hints: readonly ClassifierTerm[];
  /** 0 for the built-in defaults, until an admin saves a config. */
  readonly version: number;
  readonly updatedAt: string | null;
}

export interface LabelScore {
  readonly label: string;
  readonly score: number;
  /** The configured terms that matched, in the config's spelling. */
  readonly terms: readonly string[];
}

export interface ReasonMismatch {
  /** What the customer chose. */
  readonly chosen: Reason;
  /** What the text speaks for. */
  readonly suggested: Reason;
  readonly terms: readonly string[];
}

export interface Classification {
  /** Labels that reached their threshold, strongest first. */
  readonly labels: readonly LabelScore[];
  readonly suggestedType: TicketType | null;
  readonly suggestedReason: Reason | null;
  /** Present when the chosen reason contradicts the text (customer's side against the shop's). */
  readonly reasonMismatch?: ReasonMismatch;
  /** The config version that judged it. */
  readonly configVersion: number;
}

export interface ClassifyInput {
  readonly subject?: string | null;
  readonly description: string;
  /** The reason the customer chose, checked against the text. */
  readonly reason?: Reason | null;
}

/** Reasons that are the customer's own doing; every other reason but `other`/`service` is the shop's. */
const customerSide: ReadonlySet<Reason> = new Set<Reason>(['no_longer_needed', 'size_or_fit']);
const sideless: ReadonlySet<Reason> = new Set<Reason>(['other', 'service']);

/** Full-width → half-width (NFKC), lower case, one kind of apostrophe, single spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[ \t\u00a0\u3000]+/g, ' ');
}

const hanPattern = /\p{Script=Han}/u;
/**
 * Word segmentation: ICU's dictionary splits Chinese, UAX #29 the rest (Node 20: ICU 73+). ICU's
 * word-break data costs about 11 ms to load, so the segmenter is made when a text first needs it:
 * a text of lower-case ASCII letters, digits, spaces and common punctuation is split by
 * `asciiWordTokens` instead, which follows the same rules (a property test compares the two).
 */
let segmenter: Intl.Segmenter | undefined;

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The characters `asciiWordTokens` handles; any other character goes to ICU. */
const asciiText = /^[a-z0-9 \n.,;:!?'"()/-]*$/;
const isLetter = (code: number) => code >= 97 && code <= 122;
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * UAX #29's word boundaries over `asciiText`: letters and digits join (WB5, WB8–WB10); a colon
 * joins two letters (MidLetter, WB6/7), a full stop or an apostrophe two letters or two digits
 * (MidNumLet, WB6/7 and WB11/12), a comma or a semicolon two digits (MidNum, WB11/12); every
 * other character stands alone and is not word-like.
 */
export function asciiWordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (!isLetter(code) && !isDigit(code)) {
      at++;
      continue;
    }
    const start = at;
    at++;
    while (at < text.length) {
      const next = text.charCodeAt(at);
      if (isLetter(next) || isDigit(next)) {
        at++;
        continue;
      }
      const before = text.charCodeAt(at - 1);
      const after = text.charCodeAt(at + 1);
      const letters = isLetter(before) && isLetter(after);
      const digits = isDigit(before) && isDigit(after);
      const mid = text[at];
      const joins =
        mid === ':'
          ? letters
          : mid === '.' || mid === "'"
            ? letters || digits
            : mid === ',' || mid === ';'
              ? digits
              : false;
      if (!joins) break;
      at += 2;
    }
    tokens.push({ text: text.slice(start, at), start, end: at });
  }
  return tokens;
}

export function wordTokens(text: string): Token[] {
  if (asciiText.test(text)) return asciiWordTokens(text);
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const tokens: Token[] = [];
  for (const part of segmenter.segment(text)) {
    if (!part.isWordLike) continue;
    tokens.push({ text: part.segment, start: part.index, end: part.index + part.segment.length });
  }
  return tokens;
}

interface CompiledTerm {
  readonly source: ClassifierTerm;
  /** Index of the label it scores for, or -1 for a hint. */
  readonly labelIndex: number;
  readonly kind: 'words' | 'substring';
  /** `words`: the word sequence; `substring`: one element, the normalized text. */
  readonly words: readonly string[];
  readonly prefix: boolean;
}

interface CompiledConfig {
  readonly config: ClassifierConfig;
  /** Word terms by their first word (exact first word). */
  readonly byFirstWord: ReadonlyMap<string, readonly CompiledTerm[]>;
  /** Word terms whose only word is a prefix (`refund*`). */
  readonly prefixTerms: readonly CompiledTerm[];
  readonly substringTerms: readonly CompiledTerm[];
}

function compileTerm(source: ClassifierTerm, labelIndex: number): CompiledTerm | null {
  const normalized = normalizeText(source.term).trim();
  const prefix = normalized.endsWith('*');
  const body = prefix ? normalized.slice(0, -1).trim() : normalized;
  if (body === '') return null;
  if (hanPattern.test(body) && [...body].length > 1)
    return { source, labelIndex, kind: 'substring', words: [body], prefix: false };
  const words = wordTokens(body).map((token) => token.text);
  if (words.length === 0) return null;
  return { source, labelIndex, kind: 'words', words, prefix };
}

/** Why a term can never match (empty, only a wildcard, a wildcard on Chinese), or null. */
export function termProblem(term: string): string | null {
  const normalized = normalizeText(term).trim();
  if (normalized.endsWith('*') && hanPattern.test(normalized))
    return 'A trailing * works on Latin words only; Chinese terms already match anywhere.';
  return compileTerm({ term, weight: 1 }, -1)
    ? null
    : 'The term has no letters, digits or Chinese characters.';
}

const compiledCache = new WeakMap<ClassifierConfig, CompiledConfig>();

function compile(config: ClassifierConfig): CompiledConfig {
  const cached = compiledCache.get(config);
  if (cached) return cached;
  const byFirstWord = new Map<string, CompiledTerm[]>();
  const prefixTerms: CompiledTerm[] = [];
  const substringTerms: CompiledTerm[] = [];
  const add = (term: CompiledTerm | null) => {
    if (!term) return;
    if (term.kind === 'substring') substringTerms.push(term);
    else if (term.prefix && term.words.length === 1) prefixTerms.push(term);
    else {
      const first = term.words[0] ?? '';
      byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), term]);
    }
  };
  config.labels.forEach((rule, index) => {
    for (const term of rule.terms) add(compileTerm(term, index));
  });
  for (const hint of config.hints) add(compileTerm(hint, -1));
  const compiled = { config, byFirstWord, prefixTerms, substringTerms };
  compiledCache.set(config, compiled);
  return compiled;
}

/** Where a clause ends: punctuation, line breaks and the words that turn an argument round. */
const clauseBreak = /[.!?;,:\n\r。！？；，、：]|\bbut\b|\bhowever\b|\bthough\b|但是|但|可是|不过|而是/g;

/** The text of the current clause before `start`. */
function clauseBefore(text: string, start: number): string {
  const before = text.slice(Math.max(0, start - 40), start);
  let cut = 0;
  for (const found of before.matchAll(clauseBreak)) cut = (found.index ?? 0) + found[0].length;
  return before.slice(cut);
}

/** "not broken", "wasn't damaged at all", "no damage", "never late" (at most two words between). */
const englishNegation =
  /\b(?:not|no|never|without|nothing|isn't|wasn't|aren't|weren't|don't|doesn't|didn't|hasn't|haven't|hadn't|won't|can't)\b(?:\s+[\w']+){0,2}\s*$/;
/** 没坏, 没有坏, 没有出现破损, 并没有损坏, 不是质量问题, 无破损, 未发现异常. */
const chineseNegation = /(?:没有?|不是|不|未|无|并非)(?:任何|什么|出现|发现|被|有)?$/;

function negated(text: string, start: number): boolean {
  const clause = clauseBefore(text, start);
  return englishNegation.test(clause) || chineseNegation.test(clause);
}

interface Hit {
  readonly term: CompiledTerm;
  readonly at: number;
  readonly end: number;
}

/**
 * Every occurrence of every term that the customer does not negate; where two overlap, the
 * longer wins ("too loose" is about fit, not a loose part; "没收到钱" is about money, not a
 * parcel); then each term counts once, at its first occurrence left.
 */
function findHits(compiled: CompiledConfig, text: string): Hit[] {
  const tokens = wordTokens(text);
  const found: Hit[] = [];
  const record = (term: CompiledTerm, at: number, end: number) => {
    if (!negated(text, at)) found.push({ term, at, end });
  };
  tokens.forEach((token, index) => {
    for (const term of compiled.byFirstWord.get(token.text) ?? []) {
      const matches = term.words.every((word, offset) => {
        const candidate = tokens[index + offset]?.text;
        if (candidate === undefined) return false;
        const last = offset === term.words.length - 1;
        return last && term.prefix ? candidate.startsWith(word) : candidate === word;
      });
      if (matches) record(term, token.start, tokens[index + term.words.length - 1]?.end ?? token.end);
    }
    for (const term of compiled.prefixTerms)
      if (token.text.startsWith(term.words[0] ?? '\u0000')) record(term, token.start, token.end);
  });
  for (const term of compiled.substringTerms) {
    const needle = term.words[0] ?? '';
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1))
      record(term, at, at + needle.length);
  }
  found.sort((a, b) => a.at - b.at);
  const length = (hit: Hit) => hit.end - hit.at;
  const seen = new Set<CompiledTerm>();
  return found.filter((hit) => {
    if (seen.has(hit.term)) return false;
    const covered = found.some(
      (other) => length(other) > length(hit) && other.at < hit.end && hit.at < other.end,
    );
    if (!covered) seen.add(hit.term);
    return !covered;
  });
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The key with the largest weight; ties go to the one the text mentions first. */
function strongest<K>(weights: Map<K, { weight: number; at: number }>): K | null {
  let best: K | null = null;
  let bestWeight = 0;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const [key, { weight, at }] of weights) {
    if (weight > bestWeight || (weight === bestWeight && at < bestAt)) {
      best = key;
      bestWeight = weight;
      bestAt = at;
    }
  }
  return best;
}

function tally<K>(hits: readonly Hit[], keyOf: (term: ClassifierTerm) => K | undefined) {
  const weights = new Map<K, { weight: number; at: number }>();
  for (const hit of hits) {
    const key = keyOf(hit.term.source);
    if (key === undefined) continue;
    const seen = weights.get(key);
    weights.set(key, {
      weight: (seen?.weight ?? 0) + hit.term.source.weight,
      at: Math.min(seen?.at ?? hit.at, hit.at),
    });
  }
  return weights;
}

export function classify(input: ClassifyInput, config: ClassifierConfig): Classification {
  const compiled = compile(config);
  const text = normalizeText([input.subject ?? '', input.description].join('\n'));
  const hits = findHits(compiled, text).sort((a, b) => a.at - b.at);

  const labels: LabelScore[] = [];
  config.labels.forEach((rule, index) => {
    const own = hits.filter((hit) => hit.term.labelIndex === index);
    const score = round(own.reduce((sum, hit) => sum + hit.term.source.weight, 0));
    if (own.length > 0 && score >= rule.threshold)
      labels.push({ label: rule.label, score, terms: own.map((hit) => hit.term.source.term) });
  });
  labels.sort((a, b) => b.score - a.score);

  const suggestedReason = strongest(tally(hits, (term) => term.reason));
  const askedType = strongest(tally(hits, (term) => term.type));
  const labelType =
    labels
      .map((score) => config.labels.find((rule) => rule.label === score.label)?.suggestsType)
      .find((type) => type) ?? null;
  const suggestedType = askedType ?? labelType;

  const classification: Classification = {
    labels,
    suggestedType,
    suggestedReason,
    configVersion: config.version,
  };
  const mismatch = input.reason ? reasonMismatch(input.reason, hits) : null;
  return mismatch ? { ...classification, reasonMismatch: mismatch } : classification;
}

/**
 * The chosen reason contradicts the text when the text holds at least one full weight of
 * evidence for a reason on the other side (the customer's own doing against the shop's fault),
 * even if it also supports the chosen one: "I don't need it anymore, and the lid is cracked".
 */
function reasonMismatch(chosen: Reason, hits: readonly Hit[]): ReasonMismatch | null {
  if (sideless.has(chosen)) return null;
  const opposing = hits.filter((hit) => {
    const reason = hit.term.source.reason;
    return (
      reason !== undefined && !sideless.has(reason) && customerSide.has(reason) !== customerSide.has(chosen)
    );
  });
  const weights = tally(opposing, (term) => term.reason);
  const suggested = strongest(weights);
  if (!suggested || (weights.get(suggested)?.weight ?? 0) < 1) return null;
  const terms = opposing
    .filter((hit) => hit.term.source.reason === suggested)
    .map((hit) => hit.term.source.term);
  return { chosen, suggested, terms };
}
