import type { ClassifierConfig } from './classifier.js';

/** Port: the classifier's labels, terms and weights; the defaults until an admin saves some. */
export interface ClassifierRepository {
  current(): Promise<ClassifierConfig>;
  /** Stores the next version if the stored one is still `expectedVersion` (ConflictError otherwise). */
  save(
    config: Omit<ClassifierConfig, 'version' | 'updatedAt'>,
    expectedVersion: number,
    now: string,
  ): Promise<ClassifierConfig>;
}
