import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DigestStore, HeldAlert } from '../domain/ports.js';

const keys = {
  partition: (address: string) => `DIGEST#${address}`,
  held: (alert: Pick<HeldAlert, 'address' | 'sendAt' | 'eventId'>) => ({
    PK: `DIGEST#${alert.address}`,
    SK: `HELD#${alert.sendAt}#${alert.eventId}`,
  }),
  schedule: (address: string, sendAt: string) => ({ PK: `DIGEST#${address}`, SK: `SCHEDULE#${sendAt}` }),
};

const KEEP_DAYS = 14;

/** Held staff alerts on the single table: `DIGEST#<address>` / `HELD#<sendAt>#<eventId>`. */
export class DynamoDbDigestStore implements DigestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hold(alert: HeldAlert): Promise<boolean> {
    const expiration = Math.floor(Date.parse(alert.sendAt) / 1000) + KEEP_DAYS * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.held(alert), entityType: 'HeldAlert', ...alert, expiration },
      }),
    );
    // One wake-up per (address, sendAt): the first alert (or a retry of it) schedules it.
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.schedule(alert.address, alert.sendAt),
            entityType: 'DigestSchedule',
            firstEventId: alert.eventId,
            expiration,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR firstEventId = :eventId',
          ExpressionAttributeValues: { ':eventId': alert.eventId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async held(address: string, sendAt: string): Promise<HeldAlert[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.partition(address), ':prefix': `HELD#${sendAt}#` },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => ({
      eventId: String(item.eventId),
      address: String(item.address),
      sendAt: String(item.sendAt),
      ticketId: String(item.ticketId),
      summary: String(item.summary),
      at: String(item.at),
    }));
  }

  async clear(alerts: readonly HeldAlert[]): Promise<void> {
    const deletes = alerts.map((alert) => ({ DeleteRequest: { Key: keys.held(alert) } }));
    for (let i = 0; i < deletes.length; i += 25) {
      await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: deletes.slice(i, i + 25) } }),
      );
    }
  }
}
