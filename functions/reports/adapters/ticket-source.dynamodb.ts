import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/query-pages.js';
import { ALL_TICKETS_PARTITION } from '../../tickets/adapters/ticket-repository.dynamodb.js';
import type { ReportTicket } from '../domain/summary.js';
import type { TicketSource } from '../domain/ticket-source.js';

/**
 * GSI3 as the ticket repository writes it (functions/tickets/adapters/ticket-repository.dynamodb.ts):
 * every ticket under `TICKETS`, sorted by `<createdAt>#<id>`. The integration test reads back
 * tickets written by that repository, so a change of keys there fails here.
 */
const INDEX = 'GSI3';
const ALL_TICKETS = ALL_TICKETS_PARTITION;

/** Only what a report reads: the GSI copies whole tickets, the reply carries these. */
const fields = [
  'id',
  'type',
  'status',
  'reason',
  'sla',
  'assigneeId',
  'team',
  'createdAt',
  'resolvedAt',
  'satisfaction',
] as const satisfies readonly (keyof ReportTicket)[];

/**
 * Tickets created in [from, to), oldest first, read-only and eventually consistent (a GSI).
 * `GSI3SK BETWEEN :from AND :to` with bare instants is exactly half-open: `<from>#<id>` sorts
 * after `<from>`, and `<to>#<id>` after `<to>`. Pages through every result: the cost is one
 * read of each ticket created in the period (RCUs by item size, not by the projection).
 */
export class DynamoDbTicketSource implements TicketSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Items per Query page; unset, DynamoDB's 1 MB page. Tests set it to see paging. */
    private readonly pageSize?: number,
  ) {}

  async *createdBetween(from: Date, to: Date): AsyncIterable<ReportTicket> {
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      IndexName: INDEX,
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': ALL_TICKETS, ':from': from.toISOString(), ':to': to.toISOString() },
      ProjectionExpression: fields.map((_, index) => `#f${index}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(fields.map((field, index) => [`#f${index}`, field])),
      Limit: this.pageSize,
    })) {
      for (const item of page.Items ?? []) yield toReportTicket(item);
    }
  }
}

function toReportTicket(item: Record<string, unknown>): ReportTicket {
  const ticket: Record<string, unknown> = {};
  for (const field of fields) ticket[field] = item[field] ?? null;
  return ticket as unknown as ReportTicket;
}
