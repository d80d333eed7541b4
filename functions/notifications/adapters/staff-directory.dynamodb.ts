import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/query-pages.js';
import { mailLocaleOf } from '../domain/locale.js';
import type { StaffDirectory } from '../domain/ports.js';
import type { StaffMember } from '../domain/staff.js';

const keys = { partition: 'STAFF', member: (id: string) => ({ PK: 'STAFF', SK: `MEMBER#${id}` }) };

/**
 * The staff directory on the single table: one item per member under `STAFF` / `MEMBER#<id>`.
 * A shop has tens to hundreds of staff: one partition, read whole (and cached by the caller).
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
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.partition },
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

  async put(member: StaffMember): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.member(member.id), entityType: 'StaffMember', ...member },
      }),
    );
  }
}
