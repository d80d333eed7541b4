import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WaitingEntry, WaitingQueue } from '../domain/ports.js';
import { staffKeys } from './staff-keys.js';

/** Reads a team's queue, oldest deadline first: one Query of its item collection with a Limit. */
export class DynamoDbWaitingQueue implements WaitingQueue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async oldest(team: string, limit: number): Promise<WaitingEntry[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': staffKeys.queue(team) },
        ScanIndexForward: true,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => ({
      team: String(item.team),
      ticketId: String(item.ticketId),
      deadline: (item.deadline as string | null | undefined) ?? null,
    }));
  }
}
