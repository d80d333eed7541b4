import { ticketDeps } from '../tickets/compose.js';
import type { GetTicketDeps } from '../tickets/use-cases/get-ticket.js';
import { macroRepositoryOf } from './compose.js';
import { makeMacroSuggestions } from './use-cases/suggest-macros.js';

/** Reading a ticket: the ticket core's wiring, with the macros its staff view suggests. */
export function ticketViewDeps(): GetTicketDeps {
  return { ...ticketDeps(), suggestions: makeMacroSuggestions({ macros: macroRepositoryOf() }) };
}
