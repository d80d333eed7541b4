import { systemClock } from '../shared/clock.js';
import { queueUrl } from '../shared/queues.js';
import { getSqsClient } from '../shared/sqs-client.js';
import { tableConfig } from '../shared/table.js';
import { SqsRoomSignal } from './adapters/room-signal.sqs.js';
import { DynamoDbRoutingRuleRepository } from './adapters/routing-rules.dynamodb.js';
import { DynamoDbStaffRepository } from './adapters/staff-repository.dynamodb.js';
import { DynamoDbWaitingQueue } from './adapters/waiting-queue.dynamodb.js';

let deps:
  | {
      readonly staff: DynamoDbStaffRepository;
      readonly rules: DynamoDbRoutingRuleRepository;
      readonly queue: DynamoDbWaitingQueue;
      readonly clock: typeof systemClock;
    }
  | undefined;

/** The production wiring of the staff context (desk, teams, routing rules, team queues), built once per process. */
export function staffDeps() {
  if (!deps) {
    const { client, tableName } = tableConfig();
    deps = {
      staff: new DynamoDbStaffRepository(client, tableName),
      rules: new DynamoDbRoutingRuleRepository(client, tableName),
      queue: new DynamoDbWaitingQueue(client, tableName),
      clock: systemClock,
    };
  }
  return deps;
}

let roomSignal: SqsRoomSignal | undefined;

/** The assignments queue, for the staff routes whose change may let a member take waiting tickets. */
export function staffRoomSignal(): SqsRoomSignal {
  roomSignal ??= new SqsRoomSignal(getSqsClient(), queueUrl('assignments'));
  return roomSignal;
}
