import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { customerErasedEvent } from '../contracts/erasure.js';
import {
  type CustomerErasedData,
  type ErasureJob,
  ErasureRunSupersededError,
  type JobRun,
  progressKinds,
} from '../domain/erasure.js';
import type { ErasedCustomers, ErasureJobStore, ErasureMark } from '../domain/ports.js';
import { privacyKeys } from './keys.js';
import { progressAttribute } from './personal-data-writer.dynamodb.js';

/** The job's own fields, as stored (counters flat, see `progressAttribute`). */
function toItem(job: ErasureJob): Record<string, unknown> {
  const { progress, ...rest } = job;
  return {
    ...privacyKeys.erasure(job.id),
    entityType: 'ErasureJob',
    ...rest,
    ...Object.fromEntries(progressKinds.map((kind) => [progressAttribute[kind], progress[kind]])),
  };
}

function fromItem(item: Record<string, unknown>): ErasureJob {
  const count = (name: string) => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  return {
    id: String(item.id),
    customerId: String(item.customerId),
    status: item.status as ErasureJob['status'],
    requestedBy: String(item.requestedBy),
    requestedAt: String(item.requestedAt),
    run: count('run'),
    startedAt: (item.startedAt as string | null | undefined) ?? null,
    finishedAt: (item.finishedAt as string | null | undefined) ?? null,
    plannedSteps: (item.plannedSteps as number | null | undefined) ?? null,
    stepsDone: count('stepsDone'),
    progress: Object.fromEntries(
      progressKinds.map((kind) => [kind, count(progressAttribute[kind])]),
    ) as unknown as ErasureJob['progress'],
    updatedAt: String(item.updatedAt),
  };
}

const failedCondition = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

/**
 * Erasure jobs (`ERASURE#<id>` / `ERASURE`), their `CustomerErased` outbox entries
 * (`ERASURE#<id>` / `EVENT#<run>`, entity `PrivacyEvent`) and the erasure marks
 * (`ERASED#<customerId>` / `ERASED`).
 */
export class DynamoDbErasureJobs implements ErasureJobStore, ErasedCustomers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(erasureId: string): Promise<ErasureJob | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: privacyKeys.erasure(erasureId),
        ConsistentRead: true,
      }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  async create(job: ErasureJob): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(job),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  async restart(next: ErasureJob, read: ErasureJob): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(next),
          ConditionExpression: '#run = :run AND updatedAt = :updatedAt',
          ExpressionAttributeNames: { '#run': 'run' },
          ExpressionAttributeValues: { ':run': read.run, ':updatedAt': read.updatedAt },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  async start(run: JobRun, plannedSteps: number, now: Date): Promise<boolean> {
    const at = now.toISOString();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: privacyKeys.erasure(run.erasureId),
          UpdateExpression:
            'SET #status = :running, startedAt = if_not_exists(startedAt, :at), plannedSteps = :planned, ' +
            'stepsDone = :zero, updatedAt = :at',
          ConditionExpression: '#run = :run AND #status IN (:requested, :running)',
          ExpressionAttributeNames: { '#status': 'status', '#run': 'run' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':requested': 'requested',
            ':at': at,
            ':planned': plannedSteps,
            ':zero': 0,
            ':run': run.run,
          },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  async addPlanned(run: JobRun, steps: number, now: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: privacyKeys.erasure(run.erasureId),
          UpdateExpression: 'ADD plannedSteps :steps SET updatedAt = :at',
          ConditionExpression: '#run = :run AND #status = :running',
          ExpressionAttributeNames: { '#run': 'run', '#status': 'status' },
          ExpressionAttributeValues: {
            ':steps': steps,
            ':at': now.toISOString(),
            ':run': run.run,
            ':running': 'running',
          },
        }),
      );
    } catch (error) {
      if (failedCondition(error)) throw new ErasureRunSupersededError(run);
      throw error;
    }
  }

  async finish(run: JobRun, event: CustomerErasedData, now: Date): Promise<boolean> {
    const at = now.toISOString();
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: privacyKeys.erasure(run.erasureId),
                UpdateExpression: 'SET #status = :done, finishedAt = :at, updatedAt = :at',
                ConditionExpression: '#run = :run AND #status = :running',
                ExpressionAttributeNames: { '#status': 'status', '#run': 'run' },
                ExpressionAttributeValues: {
                  ':done': 'done',
                  ':at': at,
                  ':run': run.run,
                  ':running': 'running',
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...privacyKeys.erasureEvent(run.erasureId, run.run),
                  entityType: 'PrivacyEvent',
                  id: `${run.erasureId}#${run.run}`,
                  type: customerErasedEvent.name,
                  version: customerErasedEvent.version,
                  at,
                  data: customerErasedEvent.data.parse(event),
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  async markErased(mark: ErasureMark): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...privacyKeys.erased(mark.customerId), entityType: 'ErasureMark', ...mark },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!failedCondition(error)) throw error;
    }
  }

  async isErased(customerId: string): Promise<boolean> {
    return (await this.mark(customerId)) !== undefined;
  }

  async mark(customerId: string): Promise<ErasureMark | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: privacyKeys.erased(customerId),
        ConsistentRead: true,
      }),
    );
    const item = result.Item;
    if (!item) return undefined;
    return { customerId, erasureId: String(item.erasureId), at: String(item.at) };
  }
}
