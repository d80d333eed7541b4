import * as z from 'zod/mini';
import { erasureStatuses } from '../domain/erasure.js';

/** `GET /v1/erasures/{erasureId}` (admins): where an erasure stands. */
export const erasureJobSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    status: z.enum(erasureStatuses).check(z.describe('requested → running → done.')),
    requestedBy: z.string(),
    requestedAt: z.string(),
    run: z
      .int()
      .check(z.gte(1), z.describe('A request on a stalled or finished erasure starts another run.')),
    startedAt: z.nullable(z.string()),
    finishedAt: z.nullable(z.string()),
    plannedSteps: z
      .nullable(z.int())
      .check(z.describe('Items the current run found to erase when it started.')),
    stepsDone: z.int().check(z.describe('Of those, erased so far.')),
    progress: z
      .object({
        tickets: z.int(),
        timelineEvents: z.int(),
        orders: z.int(),
        sentEmails: z.int(),
        suppressions: z.int(),
      })
      .check(z.describe('Items erased over every run, by kind.')),
  })
  .check(z.meta({ id: 'Erasure' }));
export type ErasureJobView = z.output<typeof erasureJobSchema>;

/**
 * The privacy queue's message: a run of an erasure was requested. The event router sends it when
 * the job's item is written with `status: requested` (a new job, or a new run of one).
 */
export const erasureRequestedMessageSchema = z.object({
  erasureId: z.string().check(z.minLength(1)),
  run: z.int().check(z.gte(1)),
});
export type ErasureRequestedMessage = z.output<typeof erasureRequestedMessageSchema>;

/** The public event that tells the shop platform a customer was erased: name, version, data. */
export const customerErasedEvent = {
  name: 'CustomerErased',
  version: 1,
  data: z.object({
    customerId: z.string(),
    erasureId: z.string(),
    run: z.int().check(z.gte(1)),
    requestedAt: z.string(),
    erasedAt: z.string(),
  }),
} as const;
