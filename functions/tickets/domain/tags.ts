import { BusinessRuleError } from '../../shared/errors.js';
import type { Ticket } from './ticket.js';

/**
 * Tags are staff's own labels on a ticket: lower-case slugs (a letter or digit, then letters,
 * digits, `_` or `-`), at most `maxTagLength` characters, at most `maxTags` per ticket. They are
 * stored as the ticket's `tags` list and never shown to the customer.
 */
export const maxTags = 20;
export const maxTagLength = 40;
export const tagPattern = /^[a-z0-9][a-z0-9_-]*$/;

export function isTag(value: string): boolean {
  return value.length <= maxTagLength && tagPattern.test(value);
}

/** The ticket's tags (tickets stored before tags existed have none). */
export function tagsOf(ticket: Pick<Ticket, 'tags'>): readonly string[] {
  return ticket.tags ?? [];
}

/**
 * The tags with `tag` added, or `null` when the ticket has it already (no change at all). A 21st
 * tag is 422 `TOO_MANY_TAGS`.
 */
export function withTag(tags: readonly string[], tag: string): readonly string[] | null {
  if (tags.includes(tag)) return null;
  if (tags.length >= maxTags)
    throw new BusinessRuleError('TOO_MANY_TAGS', `A ticket carries at most ${maxTags} tags.`, [
      { path: 'tag', message: `The ticket has ${tags.length} tags already; remove one first.` },
    ]);
  return [...tags, tag];
}

/** The tags without `tag`, or `null` when the ticket does not have it (no change at all). */
export function withoutTag(tags: readonly string[], tag: string): readonly string[] | null {
  return tags.includes(tag) ? tags.filter((kept) => kept !== tag) : null;
}
