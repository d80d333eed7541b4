import { BusinessRuleError } from '../../shared/errors.js';
import type { Transition } from './lifecycle.js';
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
 * Adds a tag. A tag the ticket has already is no change at all (`unchanged`: nothing is written);
 * a 21st tag is 422 `TOO_MANY_TAGS`.
 */
export function addTag(ticket: Ticket, tag: string, now: Date): Transition {
  const tags = tagsOf(ticket);
  if (tags.includes(tag)) return { ticket, events: [], unchanged: true };
  if (tags.length >= maxTags)
    throw new BusinessRuleError('TOO_MANY_TAGS', `A ticket carries at most ${maxTags} tags.`, [
      { path: 'tag', message: `The ticket has ${tags.length} tags already; remove one first.` },
    ]);
  return {
    ticket: { ...ticket, tags: [...tags, tag], updatedAt: now.toISOString() },
    events: [{ type: 'TagAdded', visibility: 'internal', data: { tag } }],
  };
}

/** Removes a tag; a tag the ticket does not have is no change at all (`unchanged`). */
export function removeTag(ticket: Ticket, tag: string, now: Date): Transition {
  const tags = tagsOf(ticket);
  if (!tags.includes(tag)) return { ticket, events: [], unchanged: true };
  return {
    ticket: { ...ticket, tags: tags.filter((kept) => kept !== tag), updatedAt: now.toISOString() },
    events: [{ type: 'TagRemoved', visibility: 'internal', data: { tag } }],
  };
}
