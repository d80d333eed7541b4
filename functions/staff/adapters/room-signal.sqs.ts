import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RoomMessage } from '../contracts/room.js';

/** Tells the assigner that a member may take waiting tickets now (a message on the assignments queue). */
export class SqsRoomSignal {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(staffId: string, trigger: string): Promise<void> {
    const message: RoomMessage = { kind: 'room', staffId, trigger };
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}
