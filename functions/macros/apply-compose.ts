import { ticketDeps } from '../tickets/compose.js';
import { macroRepositoryOf } from './compose.js';
import { macrosConfig } from './config.js';
import type { ApplyMacroDeps } from './use-cases/apply-macro.js';

/** Sending a macro: the ticket core's wiring, the macros and the desk's time zone. */
export function applyMacroDeps(): ApplyMacroDeps {
  return { ...ticketDeps(), macros: macroRepositoryOf(), deskTimeZone: macrosConfig.get().deskTimeZone };
}
