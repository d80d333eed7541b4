import type { Macro } from './macro.js';

/** Port: the desk's macros. */
export interface MacroRepository {
  get(id: string): Promise<Macro | null>;
  /** Every macro, by id. */
  list(): Promise<Macro[]>;
  /**
   * Stores the macro as version `expectedVersion + 1` if the stored one is still
   * `expectedVersion` (0 = must not exist yet); a ConflictError `STALE_VERSION` otherwise.
   */
  save(macro: Omit<Macro, 'version' | 'updatedAt'>, expectedVersion: number, now: string): Promise<Macro>;
  /** Deletes the macro (only at `expectedVersion` when given); NotFoundError if there is none. */
  delete(id: string, expectedVersion?: number): Promise<void>;
}
