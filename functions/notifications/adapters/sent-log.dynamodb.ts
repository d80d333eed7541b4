import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, SentEmailFacts, SentLog } from '../domain/ports.js';

const keys = { email: (key: string) => ({ PK: `EMAIL#${key}`, SK: 'EMAIL' }) };

/** A claim older than this is taken to be left behind by a crash; longer than any send takes. */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;
/** How long we remember a sent email: far beyond any queue retention (14 days). */
const KEEP_DAYS = 90;

/** The sent log on the single table: `EMAIL#<eventId>#<address>` / `EMAIL`. */
export class DynamoDbSentLog implements SentLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(key: string, now: Date): Promise<ClaimResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.email(key),
            entityType: 'SentEmail',
            status: 'sending',
            claimedAt: now.toISOString(),
            expiration: Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':stale': new Date(now.getTime() - CLAIM_LEASE_MS).toISOString(),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keys.email(key), ConsistentRead: true }),
      );
      return existing.Item?.status === 'sent' ? 'sent' : 'in-progress';
    }
  }

  async markSent(key: string, messageId: string, now: Date, what?: SentEmailFacts): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.email(key),
        UpdateExpression: `SET #status = :sent, sentAt = :now, messageId = :messageId${what ? ', subject = :subject, kind = :kind' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':now': now.toISOString(),
          ':messageId': messageId,
          ...(what ? { ':subject': what.subject, ':kind': what.kind } : {}),
        },
      }),
    );
  }

  async release(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.email(key),
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
