import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/query-pages.js';
import { mailLocaleOf } from '../domain/locale.js';
import type { StaffDirectory } from '../domain/ports.js';
import type { StaffMember } from '../domain/staff.js';

const keys = { partition: 'STAFF', memberPrefix: 'MEMBER#' };

/**
 * The staff directory on the single table: one item per member under `STAFF` / `MEMBER#<id>`.
 * A shop has tens to hundreds of staff: one partition, read whole (and cached by the caller);
 * the staff context (functions/staff) writes them.
 */
export class DynamoDbStaffDirectory implements StaffDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<StaffMember[]> {
    const members: StaffMember[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      // The partition also holds the teams (`TEAM#<id>`): only the members are read.
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
      ExpressionAttributeValues: { ':pk': keys.partition, ':member': keys.memberPrefix },
    })) {
      for (const item of page.Items ?? []) {
        members.push({
          id: String(item.id),
          name: String(item.name ?? item.id),
          email: String(item.email),
          locale: mailLocaleOf(item.locale as string | undefined),
          roles: (item.roles as StaffMember['roles'] | undefined) ?? ['agent'],
          teams: (item.teams as string[] | undefined) ?? [],
          calendar: (item.calendar as StaffMember['calendar'] | undefined) ?? '24x7',
        });
      }
    }
    return members;
  }
}
