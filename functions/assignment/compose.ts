import { tableConfig } from '../shared/table.js';
import { staffDeps } from '../staff/compose.js';
import { DynamoDbTicketRepository } from '../tickets/adapters/ticket-repository.dynamodb.js';
import { DynamoDbTicketAssignments } from './adapters/ticket-assignments.dynamodb.js';
import { makeAssignTicket } from './use-cases/assign-ticket.js';
import { makeFillFreedRoom } from './use-cases/fill-freed-room.js';

let assigner:
  | {
      readonly assign: ReturnType<typeof makeAssignTicket>;
      readonly fillFreedRoom: ReturnType<typeof makeFillFreedRoom>;
      readonly tickets: DynamoDbTicketAssignments;
    }
  | undefined;

/** The assigner's use cases over the ticket repository's transactions, built once per process. */
export function assignerDeps() {
  if (!assigner) {
    const { client, tableName } = tableConfig();
    const { staff, queue, clock } = staffDeps();
    const tickets = new DynamoDbTicketAssignments(new DynamoDbTicketRepository(client, tableName));
    const assign = makeAssignTicket({ staff, tickets, clock });
    assigner = { assign, fillFreedRoom: makeFillFreedRoom({ staff, queue, assign }), tickets };
  }
  return assigner;
}
