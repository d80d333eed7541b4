import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/query-pages.js';
import type { StaffNames } from '../domain/staff-names.js';

/**
 * Staff names from the staff records on the single table (`STAFF` / `MEMBER#<id>`, written by
 * functions/staff): one Query of the members, reading only their id and name. A desk has tens to
 * hundreds of staff, so the cost does not depend on the tickets.
 */
export class DynamoDbStaffNames implements StaffNames {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async namesById(): Promise<ReadonlyMap<string, string>> {
    const names = new Map<string, string>();
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      // The partition also holds the teams (`TEAM#<id>`): only the members are read.
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
      ExpressionAttributeValues: { ':pk': 'STAFF', ':member': 'MEMBER#' },
      ProjectionExpression: 'id, #name',
      ExpressionAttributeNames: { '#name': 'name' },
    })) {
      for (const item of page.Items ?? []) {
        if (typeof item.id === 'string' && typeof item.name === 'string') names.set(item.id, item.name);
      }
    }
    return names;
  }
}
