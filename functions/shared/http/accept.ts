import { HttpError } from './problem.js';

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function mediaRanges(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split('=').map((piece) => piece.trim());
      if (name === 'q') q = Number(value);
    }
    if (Number.isFinite(q) && q >= 0 && q <= 1) ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** How well a range names a media type: 2 exactly, 1 by `type/*`, 0 by `*\/*`, -1 not at all. */
function specificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  if (range.type === type && range.subtype === subtype) return 2;
  if (range.type === type && range.subtype === '*') return 1;
  if (range.type === '*' && range.subtype === '*') return 0;
  return -1;
}

/**
 * The media type to answer in, from the request's `Accept` header (RFC 9110 §12.5.1): each
 * offered type takes the quality of the most specific range that names it; the highest quality
 * above zero wins, ties going to the earlier offer. No header (or an empty one) takes the first
 * offer. Nothing acceptable is 406, naming what the route serves.
 */
export function negotiateMediaType<T extends string>(
  accept: string | undefined,
  offered: readonly [T, ...T[]],
): T {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const ranges = mediaRanges(accept);
  let best: { mediaType: T; q: number } | undefined;
  for (const mediaType of offered) {
    let match: { specificity: number; q: number } | undefined;
    for (const range of ranges) {
      const level = specificity(range, mediaType);
      if (level >= 0 && (!match || level > match.specificity)) match = { specificity: level, q: range.q };
    }
    if (match && match.q > 0 && (!best || match.q > best.q)) best = { mediaType, q: match.q };
  }
  if (best) return best.mediaType;
  throw new HttpError(
    406,
    'NOT_ACCEPTABLE',
    'Not acceptable',
    `This resource is served as ${offered.join(' or ')}; the Accept header allows none of them.`,
  );
}
