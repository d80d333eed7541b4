import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/query-pages.js';
import { tableDefinition } from '../../shared/table-catalog.js';
import type { DueEntry, DueTimerIndex } from '../domain/ports.js';

/**
 * GSI4: `DUE#<shard>` / `<nextDueAt>#<ticketId>`, keys only. A ticket has an entry only while
 * something is pending, so a query for `<= now` reads the due entries and nothing else.
 */
export class DynamoDbDueTimerIndex implements DueTimerIndex {
  readonly shards = tableDefinition.dueTimerShards;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async due(shard: number, now: Date): Promise<{ entries: DueEntry[]; itemsRead: number }> {
    const entries: DueEntry[] = [];
    let itemsRead = 0;
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'GSI4',
      KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK <= :upTo',
      ExpressionAttributeValues: { ':pk': `DUE#${shard}`, ':upTo': `${now.toISOString()}#\uffff` },
    })) {
      itemsRead += page.ScannedCount ?? page.Count ?? 0;
      for (const item of page.Items ?? []) {
        const sortKey = String(item.GSI4SK);
        const cut = sortKey.lastIndexOf('#');
        entries.push({ dueAt: sortKey.slice(0, cut), ticketId: sortKey.slice(cut + 1) });
      }
    }
    return { entries, itemsRead };
  }
}
