import { randomUUID } from 'node:crypto';
import { DynamoDbAfterSalesPolicyRepository } from '../after-sales/adapters/after-sales-policy.dynamodb.js';
import { DynamoDbClassifierRepository } from '../classification/adapters/classifier-repository.dynamodb.js';
import { DynamoDbOrderRepository } from '../orders/adapters/order-repository.dynamodb.js';
import { systemClock } from '../shared/clock.js';
import { DynamoDbSettingVersions } from '../shared/settings-versions.js';
import { tableConfig } from '../shared/table.js';
import {
  DynamoDbSlaPolicyRepository,
  StoredPolicySource,
} from '../sla/adapters/policy-repository.dynamodb.js';
import { DynamoDbRoutingRuleRepository } from '../staff/adapters/routing-rules.dynamodb.js';
import { DynamoDbStaffRepository } from '../staff/adapters/staff-repository.dynamodb.js';
import { makeRouteTicket } from '../staff/use-cases/route-ticket.js';
import { DynamoDbTicketRepository } from './adapters/ticket-repository.dynamodb.js';
import { ticketsConfig } from './config.js';
import type { TicketDeps } from './use-cases/deps.js';
import type { ListTicketsDeps } from './use-cases/list-tickets.js';

let deps: TicketDeps | undefined;

/** The production wiring of the ticket use cases, built once per process. */
export function ticketDeps(): TicketDeps {
  if (!deps) {
    const { client, tableName } = tableConfig();
    const config = ticketsConfig.get();
    deps = {
      tickets: new DynamoDbTicketRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      clock: systemClock,
      newId: randomUUID,
      policies: new StoredPolicySource(
        new DynamoDbSlaPolicyRepository(client, tableName),
        new DynamoDbSettingVersions(client, tableName),
      ),
      afterSales: new DynamoDbAfterSalesPolicyRepository(client, tableName),
      classifier: new DynamoDbClassifierRepository(client, tableName),
      settings: {
        autoCloseDays: config.autoCloseDays,
        watchdogSeconds: config.watchdogSeconds,
        retentionDays: config.retentionDays,
        surveyDelayMinutes: config.surveyDelayMinutes,
      },
      // The staff context's routing rules (the one place the ticket core is wired to it: the port
      // is the ticket's, functions/tickets/domain/routing.ts).
      routeTicket: makeRouteTicket({ rules: new DynamoDbRoutingRuleRepository(client, tableName) }),
    };
  }
  return deps;
}

/** The teams of a staff member's record, for the team view (one GetItem). */
export function staffTeamsOf(): ListTicketsDeps['teamsOf'] {
  const { client, tableName } = tableConfig();
  const staff = new DynamoDbStaffRepository(client, tableName);
  return async (staffId) => (await staff.getStaff(staffId))?.member.teams ?? [];
}
