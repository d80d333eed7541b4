import type { AfterSalesPolicy } from './policy.js';

/** Port: the after-sales policy (auto-approval rules, return windows); the defaults until an admin writes one. */
export interface AfterSalesPolicyRepository {
  current(): Promise<AfterSalesPolicy>;
  /** Stores the next version if the stored one is still `expectedVersion` (ConflictError otherwise). */
  save(
    policy: Omit<AfterSalesPolicy, 'version' | 'updatedAt'>,
    expectedVersion: number,
    now: string,
  ): Promise<AfterSalesPolicy>;
}
