import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RetentionDueMessage } from '../contracts/retention.js';

/** Hands a ticket whose retention fell due to the privacy queue. */
export class SqsRetentionQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async retentionDue(ticketId: string): Promise<void> {
    const body: RetentionDueMessage = { kind: 'retention-due', ticketId };
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }),
    );
  }
}
