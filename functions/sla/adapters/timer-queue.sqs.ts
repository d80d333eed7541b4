import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TimerMessage } from '../contracts/policy.js';
import type { TimerQueue } from '../domain/ports.js';

export class SqsTimerQueue implements TimerQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(messages: readonly TimerMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      const batch = messages.slice(start, start + 10);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message),
          })),
        }),
      );
      if ((result.Failed ?? []).length > 0) {
        throw new Error(
          `sla-timers refused ${result.Failed?.length} message(s): ${result.Failed?.[0]?.Message ?? ''}`,
        );
      }
    }
  }
}
