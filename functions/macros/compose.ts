import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbMacroRepository } from './adapters/macro-repository.dynamodb.js';
import type { MacroDeps } from './use-cases/macros.js';

let macroRepository: DynamoDbMacroRepository | undefined;

/** The desk's macros on the table, built once per process. */
export function macroRepositoryOf(): DynamoDbMacroRepository {
  if (!macroRepository) {
    const { client, tableName } = tableConfig();
    macroRepository = new DynamoDbMacroRepository(client, tableName);
  }
  return macroRepository;
}

/** The production wiring of the macro routes. */
export function macroDeps(): MacroDeps {
  return { macros: macroRepositoryOf(), clock: systemClock };
}
