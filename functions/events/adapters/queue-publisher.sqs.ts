import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueName } from '../../shared/queue-catalog.js';
import { queueUrl } from '../../shared/queues.js';
import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';
import type { QueuePublisher } from '../domain/ports.js';

export class SqsQueuePublisher implements QueuePublisher {
  constructor(
    private readonly client: SQSClient,
    private readonly urlOf: (queue: QueueName) => string = queueUrl,
  ) {}

  async sendMessage(queue: QueueName, type: string, body: Readonly<Record<string, unknown>>): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.urlOf(queue),
        MessageBody: JSON.stringify(body),
        MessageAttributes: { eventType: { DataType: 'String', StringValue: type } },
      }),
    );
  }

  async send(queue: QueueName, event: TicketEventEnvelope): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.urlOf(queue),
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: event.type },
          eventId: { DataType: 'String', StringValue: event.id },
        },
      }),
    );
  }
}
