import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { orderKeys } from '../../orders/adapters/order-keys.js';
import type { Order } from '../../orders/domain/order.js';
import { isTerminal, type Ticket } from '../../tickets/domain/ticket.js';
import { ErasureRunSupersededError, type JobRun, type ProgressKind } from '../domain/erasure.js';
import type { PersonalDataWriter, StoredEvent } from '../domain/ports.js';
import { type PersonalTicketField, personalTicketFields } from '../domain/tombstone.js';
import { privacyKeys } from './keys.js';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** The job attribute that counts each kind of step (flat: DynamoDB's ADD takes top-level numbers best). */
export const progressAttribute: Readonly<Record<ProgressKind, string>> = {
  tickets: 'erasedTickets',
  timelineEvents: 'erasedTimelineEvents',
  orders: 'erasedOrders',
  sentEmails: 'forgottenSentEmails',
  suppressions: 'hashedSuppressions',
};

/**
 * Each step is one transaction: the item's rewrite, conditioned so that it happens once, and,
 * in a job, the job's counter, conditioned on the run being current and running. Either both
 * land or neither: a crash between two steps loses no count and a re-run counts nothing twice.
 */
export class DynamoDbPersonalDataWriter implements PersonalDataWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async eraseTicket(
    read: Ticket,
    erased: Pick<Ticket, PersonalTicketField>,
    at: string,
    run: JobRun | null,
  ): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':read': read.version,
      ':next': read.version + 1,
      ':at': at,
    };
    const sets = ['version = :next', 'erasedAt = :at'];
    personalTicketFields.forEach((field, index) => {
      const value = erased[field];
      if (value === undefined) return;
      names[`#p${index}`] = field;
      values[`:p${index}`] = value;
      sets.push(`#p${index} = :p${index}`);
    });
    // The address leaves the email index (functions/tickets/adapters/ticket-indexes.ts): an erased
    // customer's tickets cannot be found by it. A closed ticket fired its retention entry (if any):
    // it leaves the due-timer index.
    const remove = ` REMOVE GSI8PK, GSI8SK${isTerminal(read) ? ', GSI4PK, GSI4SK' : ''}`;
    return this.step(
      {
        Update: {
          TableName: this.tableName,
          Key: privacyKeys.ticket(read.id),
          UpdateExpression: `SET ${sets.join(', ')}${remove}`,
          ConditionExpression: 'attribute_exists(PK) AND version = :read',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      run,
      'tickets',
      at,
    );
  }

  async eraseEvent(
    stored: StoredEvent,
    data: Readonly<Record<string, unknown>>,
    at: string,
    run: JobRun | null,
  ): Promise<boolean> {
    return this.step(
      {
        Update: {
          TableName: this.tableName,
          Key: { PK: privacyKeys.ticketPartition(stored.event.ticketId), SK: stored.ref },
          UpdateExpression: 'SET #data = :data, erasedAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(erasedAt)',
          ExpressionAttributeNames: { '#data': 'data' },
          ExpressionAttributeValues: { ':data': data, ':at': at },
        },
      },
      run,
      'timelineEvents',
      at,
    );
  }

  async eraseOrder(
    orderId: string,
    read: Pick<Order, 'customerEmail' | 'customerName'>,
    erased: Pick<Order, 'customerEmail' | 'customerName'>,
    at: string,
    run: JobRun | null,
  ): Promise<boolean> {
    return this.step(
      {
        Update: {
          TableName: this.tableName,
          Key: orderKeys.header(orderId),
          UpdateExpression: 'SET customerEmail = :email, customerName = :name, erasedAt = :at',
          ConditionExpression:
            'attribute_exists(PK) AND customerEmail = :readEmail AND ' +
            '(customerName = :readName OR (attribute_not_exists(customerName) AND :readName = :null))',
          ExpressionAttributeValues: {
            ':email': erased.customerEmail,
            ':name': erased.customerName,
            ':readEmail': read.customerEmail,
            ':readName': read.customerName,
            ':null': null,
            ':at': at,
          },
        },
      },
      run,
      'orders',
      at,
    );
  }

  async forgetSentEmail(key: string, at: string, run: JobRun | null): Promise<boolean> {
    return this.step(
      {
        Delete: {
          TableName: this.tableName,
          Key: privacyKeys.sentEmail(key),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      run,
      'sentEmails',
      at,
    );
  }

  async hashSuppression(address: string, digest: string, at: string, run: JobRun | null): Promise<boolean> {
    const plain = privacyKeys.suppression(address);
    const existing = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: plain, ConsistentRead: true }),
    );
    if (!existing.Item) return false;
    // Reason and date stay; the address and the provider's diagnostic (which quotes it) go.
    return this.step(
      {
        Delete: {
          TableName: this.tableName,
          Key: plain,
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      run,
      'suppressions',
      at,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...privacyKeys.hashedSuppression(digest),
              entityType: 'Suppression',
              addressHmac: digest,
              reason: existing.Item.reason,
              at: existing.Item.at,
              detail: null,
            },
          },
        },
      ],
    );
  }

  /**
   * One step: `write` (plus `alongside`) and, in a job, the job's counter. `false` when the
   * item's own condition failed; a failed job condition ends the run.
   */
  private async step(
    write: TransactItem,
    run: JobRun | null,
    kind: ProgressKind,
    at: string,
    alongside: TransactItem[] = [],
  ): Promise<boolean> {
    const counter: TransactItem[] = run
      ? [
          {
            Update: {
              TableName: this.tableName,
              Key: privacyKeys.erasure(run.erasureId),
              UpdateExpression: 'ADD #kind :one, stepsDone :one SET updatedAt = :at',
              ConditionExpression: '#run = :run AND #status = :running',
              ExpressionAttributeNames: {
                '#kind': progressAttribute[kind],
                '#run': 'run',
                '#status': 'status',
              },
              ExpressionAttributeValues: { ':one': 1, ':run': run.run, ':running': 'running', ':at': at },
            },
          },
        ]
      : [];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [write, ...alongside, ...counter] }));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
      if (run && reasons[reasons.length - 1]?.Code === 'ConditionalCheckFailed') {
        throw new ErasureRunSupersededError(run);
      }
      throw error;
    }
  }
}
