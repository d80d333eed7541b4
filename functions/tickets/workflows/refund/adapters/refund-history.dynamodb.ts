import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../../../shared/query-pages.js';
import { customerTicketsSince } from '../../../adapters/ticket-repository.dynamodb.js';
import type { PastTicket, RefundHistory } from '../domain/ports.js';

/**
 * The customer's recent tickets from the customer index (GSI1): a key range from `since` (the
 * window is in the key, not a filter), only the attributes the rules count, newest first, one
 * page of `pageSize` at a time as the reader asks for it.
 */
export class DynamoDbRefundHistory implements RefundHistory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async *createdSince(customerId: string, since: Date, pageSize: number): AsyncIterable<PastTicket> {
    const range = customerTicketsSince(customerId, since);
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': range.partition, ':from': range.from, ':to': range.to },
      ProjectionExpression: 'id, #type, #status, createdAt, refund.#status, refund.amount',
      ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
      ScanIndexForward: false,
      Limit: pageSize,
    }))
      yield* (page.Items ?? []) as PastTicket[];
  }
}
