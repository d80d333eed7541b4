/**
 * A ticket's number: the first 8 hex digits of its id, upper-cased, as emails and macros quote
 * it (`#79540BC0`). Not unique: a lookup by number returns every ticket whose id starts so.
 */
export function ticketNumber(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** The number a person typed (`#79540bc0`, `79540BC0`), or undefined when it is not one. */
export function parseTicketNumber(text: string): string | undefined {
  const match = /^#?([0-9a-fA-F]{8})$/.exec(text.trim());
  return match?.[1]?.toUpperCase();
}
