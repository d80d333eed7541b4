import type { MacroSuggestions } from '../../tickets/use-cases/get-ticket.js';
import { suggestedMacros } from '../domain/macro.js';
import type { MacroRepository } from '../domain/macro-repository.js';

/** The ticket view's `suggestedMacros`: the desk's macros ranked against the ticket's labels. */
export function makeMacroSuggestions({ macros }: { readonly macros: MacroRepository }): MacroSuggestions {
  return {
    async forLabels(labels) {
      return suggestedMacros(labels, await macros.list()).map((macro) => ({
        ...macro,
        labels: [...macro.labels],
      }));
    },
  };
}
