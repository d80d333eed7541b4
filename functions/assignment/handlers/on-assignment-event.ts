import { logger } from '../../shared/observability.js';
import { queueConsumer } from '../../shared/queue-consumer.js';
import { assignerDeps } from '../compose.js';
import { assignmentMessageSchema } from '../contracts/assignment.js';

/**
 * Consumer of the assignments queue. A routed, reopened or escalated ticket gets an agent of its
 * team, or waits in the team's queue; a ticket that left its assignee (resolved, closed,
 * cancelled, reassigned) and a member with new room (a staff route's message) let the oldest
 * waiting tickets of that member's teams be offered again.
 */
export const handler = queueConsumer({
  schema: assignmentMessageSchema,
  handle: async (message) => {
    const { assign, fillFreedRoom, tickets } = assignerDeps();
    if ('kind' in message) {
      const outcomes = await fillFreedRoom(message.staffId, message.trigger);
      logger.info('Room offered', { staffId: message.staffId, outcomes: outcomes.map((o) => o.kind) });
      return;
    }
    const { ticketId } = message;
    switch (message.type) {
      case 'TicketRouted': {
        const { rule, reason } = message.data;
        const trigger = rule === null ? `routed: ${reason}` : `routed by rule '${rule}': ${reason}`;
        logger.info('Assigning', { ticketId, outcome: (await assign(ticketId, trigger)).kind });
        return;
      }
      case 'TicketReopened':
        logger.info('Assigning', { ticketId, outcome: (await assign(ticketId, 'reopened')).kind });
        return;
      case 'TicketEscalated':
        if (message.data.team === undefined) return;
        await assign(ticketId, `escalated to team ${message.data.team}`);
        return;
      case 'TicketAssigned':
        if (message.data.from !== null && message.data.from !== message.data.to)
          await fillFreedRoom(message.data.from, `ticket ${ticketId} was reassigned`);
        return;
      default: {
        // Resolved, closed or cancelled: its assignee (kept on the ticket) has room again.
        const ticket = await tickets.get(ticketId);
        if (ticket?.assigneeId)
          await fillFreedRoom(
            ticket.assigneeId,
            `ticket ${ticketId} ${message.type.replace('Ticket', '').toLowerCase()}`,
          );
      }
    }
  },
});
