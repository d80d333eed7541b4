import type { SlaPolicy } from './policy.js';

/** Port: the SLA policies admins wrote (seeded defaults are not stored until overridden). */
export interface SlaPolicyRepository {
  list(): Promise<SlaPolicy[]>;
  /**
   * Stores a policy as the next version. With `expectedVersion` the write only happens if the
   * stored version still matches (0 = not stored yet); a mismatch is a ConflictError.
   */
  save(
    policy: Omit<SlaPolicy, 'version' | 'updatedAt'>,
    expectedVersion: number,
    now: string,
  ): Promise<SlaPolicy>;
}

/** Port: the policies in force (stored ones over the seeded defaults), as use cases read them. */
export interface SlaPolicySource {
  current(): Promise<readonly SlaPolicy[]>;
}
