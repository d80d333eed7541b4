import type { Clock } from '../../shared/clock.js';
import { BusinessRuleError, NotFoundError } from '../../shared/errors.js';
import type { PutMacroRequest } from '../contracts/macro.js';
import { type Macro, templateErrors } from '../domain/macro.js';
import type { MacroRepository } from '../domain/macro-repository.js';

export interface MacroDeps {
  readonly macros: MacroRepository;
  readonly clock: Clock;
}

/**
 * `PUT /v1/macros/{macroId}`: creates or replaces a macro. Every body is checked here, at save
 * time: an unknown variable or malformed braces is 422 `MACRO_TEMPLATE_INVALID` naming the
 * field (`body.en`, `body.zh-CN`), so a macro can never fail when an agent sends it.
 */
export function makePutMacro({ macros, clock }: MacroDeps) {
  return async (macroId: string, request: PutMacroRequest): Promise<Macro> => {
    const errors = templateErrors(request.body);
    if (errors.length > 0)
      throw new BusinessRuleError(
        'MACRO_TEMPLATE_INVALID',
        'A body uses an unknown variable or malformed braces.',
        errors,
      );
    const { version, ...macro } = request;
    const expected = version ?? (await macros.get(macroId))?.version ?? 0;
    return macros.save({ id: macroId, ...macro }, expected, clock.now().toISOString());
  };
}

export function makeGetMacro({ macros }: Pick<MacroDeps, 'macros'>) {
  return async (macroId: string): Promise<Macro> => {
    const macro = await macros.get(macroId);
    if (!macro) throw new NotFoundError(`No macro ${macroId}.`);
    return macro;
  };
}

export function makeListMacros({ macros }: Pick<MacroDeps, 'macros'>) {
  return async () => ({
    items: (await macros.list()).sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)),
  });
}

export function makeDeleteMacro({ macros }: Pick<MacroDeps, 'macros'>) {
  return (macroId: string, version?: number) => macros.delete(macroId, version);
}
