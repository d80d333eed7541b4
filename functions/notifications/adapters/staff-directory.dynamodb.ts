import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.partition },
          ExclusiveStartKey: startKey,
        }),
      );
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
      startKey = page.LastEvaluatedKey;
    } while (startKey);
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
