import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DIGEST_DUE, type DigestDueMessage } from '../contracts/messages.js';
import type { DigestScheduler } from '../domain/ports.js';

/**
 * SQS delays a message by at most 15 minutes, so a longer wait is a chain of hops. We hop every
 * 10 minutes, which keeps a sleeping wake-up below the queue's 15-minute oldest-message alarm.
 */
export const MAX_DELAY_SECONDS = 600;

/** Wakes the notifier for a digest with a delayed message on its own queue. */
export class SqsDigestScheduler implements DigestScheduler {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async schedule(digest: { address: string; sendAt: string }, now: Date): Promise<void> {
    const wait = Math.ceil((Date.parse(digest.sendAt) - now.getTime()) / 1000);
    const body: DigestDueMessage = { kind: DIGEST_DUE, address: digest.address, sendAt: digest.sendAt };
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, wait)),
        MessageAttributes: { eventType: { DataType: 'String', StringValue: DIGEST_DUE } },
      }),
    );
  }
}
