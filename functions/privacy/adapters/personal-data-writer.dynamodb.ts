import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { orderKeys } from '../../orders/adapters/order-keys.js';
import type { Order } from '../../orders/domain/order.js';
import { ticketDetailFields } from '../../tickets/adapters/ticket-items.js';
import { isTerminal, type Ticket } from '../../tickets/domain/ticket.js';
import { ErasureRunSupersededError, type JobRun, type ProgressKind } from '../domain/erasure.js';
import type { PersonalDataWriter, StoredEvent } from '../domain/ports.js';
import { type PersonalTicketField, personalTicketFields } from '../domain/tombstone.js';
import { privacyKeys } from './keys.js';

/** The ticket fields on its detail item (functions/tickets/adapters/ticket-items.ts). */
const detailFields = new Set<string>(ticketDetailFields);

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
    // Since ADR 23 some personal fields live on the ticket's detail item; a ticket written before
    // keeps them all on its own item (it has no `detailVersion`).
    const layout = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: privacyKeys.ticket(read.id),
        ProjectionExpression: 'detailVersion',
        ConsistentRead: true,
      }),
    );
    const split = typeof layout.Item?.detailVersion === 'number';
    const onDetail = (field: PersonalTicketField) => split && detailFields.has(field);
    const sets = (fields: readonly PersonalTicketField[]) => {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const assignments: string[] = [];
      for (const field of fields) {
        const value = erased[field];
        if (value === undefined) continue;
        const index = personalTicketFields.indexOf(field);
        names[`#p${index}`] = field;
        values[`:p${index}`] = value;
        assignments.push(`#p${index} = :p${index}`);
      }
      return { names, values, assignments };
    };
    const own = sets(personalTicketFields.filter((field) => !onDetail(field)));
    const values: Record<string, unknown> = {
      ...own.values,
      ':read': read.version,
      ':next': read.version + 1,
      ':at': at,
    };
    const assignments = ['version = :next', 'erasedAt = :at', ...own.assignments];
    // The detail item moves to the new version with the ticket item: a reader never joins the two
    // at different versions, and no container keeps the unerased detail as current.
    if (split) assignments.push('detailVersion = :next');
    // The address leaves the email index (functions/tickets/adapters/ticket-indexes.ts): an erased
    // customer's tickets cannot be found by it. A closed ticket fired its retention entry (if any):
    // it leaves the due-timer index.
    const remove = ` REMOVE GSI8PK, GSI8SK${isTerminal(read) ? ', GSI4PK, GSI4SK' : ''}`;
    const detail = sets(personalTicketFields.filter(onDetail));
    const alongside: TransactItem[] = split
      ? [
          {
            Update: {
              TableName: this.tableName,
              Key: privacyKeys.ticketDetail(read.id),
              // The erasure mark stays on the ticket item alone (a later write of the ticket drops it).
              UpdateExpression: `SET ${['version = :next', ...detail.assignments].join(', ')}`,
              ConditionExpression: 'attribute_exists(PK)',
              ...(detail.assignments.length > 0 ? { ExpressionAttributeNames: detail.names } : {}),
              ExpressionAttributeValues: { ...detail.values, ':next': read.version + 1 },
            },
          },
        ]
      : [];
    return this.step(
      {
        Update: {
          TableName: this.tableName,
          Key: privacyKeys.ticket(read.id),
          UpdateExpression: `SET ${assignments.join(', ')}${remove}`,
          ConditionExpression: 'attribute_exists(PK) AND version = :read',
          ...(own.assignments.length > 0 ? { ExpressionAttributeNames: own.names } : {}),
          ExpressionAttributeValues: values,
        },
      },
      run,
      'tickets',
      at,
      alongside,
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
