import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/query-pages.js';
import { dayOf, indexPartitions } from '../../tickets/adapters/ticket-indexes.js';
import type { ReportTicket } from '../domain/summary.js';
import type { TicketSource } from '../domain/ticket-source.js';

/**
 * GSI3 as the ticket repository writes it (functions/tickets/adapters/ticket-indexes.ts): each
 * creation day's tickets spread over a few shards `TICKETS#<day>#<n>`, sorted by
 * `<createdAt>#<id>`. The integration test reads back tickets written by that repository, so a
 * change of keys there fails here.
 */
const INDEX = 'GSI3';
const DAY_MS = 86_400_000;

/** Only what a report reads (GSI3 projects these besides the list fields). */
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
 * Tickets created in [from, to), day by day (each day's shards read in parallel, merged oldest
 * first), read-only and eventually consistent (a GSI). `GSI3SK BETWEEN :from AND :to` with bare
 * instants is exactly half-open: `<from>#<id>` sorts after `<from>`, and `<to>#<id>` after `<to>`.
 * Pages through every result: the cost is one read of each ticket's projection in the period.
 */
export class DynamoDbTicketSource implements TicketSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Items per Query page; unset, DynamoDB's 1 MB page. Tests set it to see paging. */
    private readonly pageSize?: number,
  ) {}

  async *createdBetween(from: Date, to: Date): AsyncIterable<ReportTicket> {
    const last = dayOf(new Date(to.getTime() - 1).toISOString());
    for (let day = dayOf(from.toISOString()); day <= last; day = nextDay(day)) {
      const shards = await Promise.all(
        indexPartitions.allTicketsOfDay(day).map(async (partition) => {
          const items: Record<string, unknown>[] = [];
          for await (const page of queryPages(this.client, {
            TableName: this.tableName,
            IndexName: INDEX,
            KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': partition,
              ':from': from.toISOString(),
              ':to': to.toISOString(),
            },
            ProjectionExpression: [...fields.map((_, index) => `#f${index}`), '#sk'].join(', '),
            ExpressionAttributeNames: {
              ...Object.fromEntries(fields.map((field, index) => [`#f${index}`, field])),
              '#sk': 'GSI3SK',
            },
            Limit: this.pageSize,
          })) {
            items.push(...(page.Items ?? []));
          }
          return items;
        }),
      );
      const merged = shards.flat().sort((a, b) => (String(a.GSI3SK) < String(b.GSI3SK) ? -1 : 1));
      for (const item of merged) yield toReportTicket(item);
    }
  }
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

function toReportTicket(item: Record<string, unknown>): ReportTicket {
  const ticket: Record<string, unknown> = {};
  for (const field of fields) ticket[field] = item[field] ?? null;
  return ticket as unknown as ReportTicket;
}
