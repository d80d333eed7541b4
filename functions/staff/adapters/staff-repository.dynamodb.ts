import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { queryPages } from '../../shared/query-pages.js';
import type { MembershipChange, StaffRepository } from '../domain/ports.js';
import type { StaffMember, StaffProfile, StaffWithLoad, Team, TeamProfile } from '../domain/staff.js';
import type { TransactItem } from './assignment-items.dynamodb.js';
import { staffKeys } from './staff-keys.js';

const profileFields = [
  'id',
  'name',
  'email',
  'locale',
  'teams',
  'languages',
  'skills',
  'capacity',
  'available',
  'roles',
  'calendar',
] as const satisfies readonly (keyof StaffProfile)[];

/** Items written before the staff API (the notifier's directory) lack the routing fields. */
function memberFromItem(item: Record<string, unknown>): StaffWithLoad {
  const member: StaffMember = {
    id: String(item.id),
    name: String(item.name ?? item.id),
    email: String(item.email),
    locale: String(item.locale ?? 'en'),
    teams: (item.teams as string[] | undefined) ?? [],
    languages: (item.languages as string[] | undefined) ?? [String(item.locale ?? 'en')],
    skills: (item.skills as StaffMember['skills'] | undefined) ?? [],
    capacity: Number(item.capacity ?? 0),
    available: item.available === true,
    roles: (item.roles as StaffMember['roles'] | undefined) ?? ['agent'],
    calendar: (item.calendar as StaffMember['calendar'] | undefined) ?? '24x7',
    version: Number(item.version ?? 0),
    updatedAt: String(item.updatedAt ?? ''),
  };
  return { member, load: Number(item.openAssigned ?? 0) };
}

function teamFromItem(item: Record<string, unknown>): Team {
  return {
    id: String(item.id),
    name: String(item.name),
    supervisors: (item.supervisors as string[] | undefined) ?? [],
    calendar: (item.calendar as Team['calendar'] | undefined) ?? '24x7',
    version: Number(item.version),
    updatedAt: String(item.updatedAt),
  };
}

/** Version 0 means "never written by this API": the item may still exist from the notifier's seed. */
function versionCondition(expectedVersion: number) {
  return expectedVersion === 0
    ? { condition: 'attribute_not_exists(version)', values: {} }
    : { condition: 'version = :expected', values: { ':expected': expectedVersion } };
}

const stale = (what: string, expectedVersion: number) =>
  new ConflictError(`${what} changed since version ${expectedVersion}; read it again.`, 'STALE_VERSION');

/**
 * Staff and teams on the single table, both under the `STAFF` partition (`MEMBER#<id>`,
 * `TEAM#<id>`). Profile writes are updates of the listed fields only, so the load counter
 * (`openAssigned`), which ticket transactions move, is never overwritten.
 */
export class DynamoDbStaffRepository implements StaffRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async listPrefix(prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': staffKeys.partition, ':prefix': prefix },
      ConsistentRead: true,
    })) {
      items.push(...(page.Items ?? []));
    }
    return items;
  }

  async listStaff(): Promise<StaffWithLoad[]> {
    return (await this.listPrefix(staffKeys.memberPrefix)).map(memberFromItem);
  }

  async getStaff(staffId: string): Promise<StaffWithLoad | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: staffKeys.member(staffId), ConsistentRead: true }),
    );
    return result.Item ? memberFromItem(result.Item) : undefined;
  }

  async saveStaff(profile: StaffProfile, expectedVersion: number, now: string): Promise<StaffMember> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':type': 'StaffMember',
      ':version': expectedVersion + 1,
      ':now': now,
      ':zero': 0,
    };
    const sets = [
      'entityType = :type',
      'version = :version',
      'updatedAt = :now',
      'openAssigned = if_not_exists(openAssigned, :zero)',
    ];
    profileFields.forEach((field, index) => {
      names[`#f${index}`] = field;
      values[`:f${index}`] = profile[field];
      sets.push(`#f${index} = :f${index}`);
    });
    const { condition, values: conditionValues } = versionCondition(expectedVersion);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: staffKeys.member(profile.id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ...conditionValues },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw stale(`Staff member ${profile.id}`, expectedVersion);
      throw error;
    }
    return { ...profile, version: expectedVersion + 1, updatedAt: now };
  }

  async setAvailability(staffId: string, available: boolean, now: string): Promise<StaffMember> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: staffKeys.member(staffId),
          UpdateExpression:
            'SET available = :available, updatedAt = :now, version = if_not_exists(version, :zero) + :one',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':available': available, ':now': now, ':zero': 0, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return memberFromItem(result.Attributes ?? {}).member;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new NotFoundError(`No staff member ${staffId}.`);
      throw error;
    }
  }

  async listTeams(): Promise<Team[]> {
    return (await this.listPrefix(staffKeys.teamPrefix)).map(teamFromItem);
  }

  async getTeam(teamId: string): Promise<Team | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: staffKeys.team(teamId), ConsistentRead: true }),
    );
    return result.Item ? teamFromItem(result.Item) : undefined;
  }

  async saveTeam(
    profile: TeamProfile,
    expectedVersion: number,
    now: string,
    membership: readonly MembershipChange[],
  ): Promise<Team> {
    const team: Team = { ...profile, version: expectedVersion + 1, updatedAt: now };
    const teamCondition = versionCondition(expectedVersion);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...staffKeys.team(profile.id), entityType: 'Team', ...team },
          ConditionExpression: teamCondition.condition,
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: teamCondition.values }),
        },
      },
      ...membership.map((change): TransactItem => {
        const memberCondition = versionCondition(change.expectedVersion);
        return {
          Update: {
            TableName: this.tableName,
            Key: staffKeys.member(change.staffId),
            UpdateExpression:
              'SET teams = :teams, updatedAt = :now, version = if_not_exists(version, :zero) + :one',
            ConditionExpression: `attribute_exists(PK) AND ${memberCondition.condition}`,
            ExpressionAttributeValues: {
              ':teams': change.teams,
              ':now': now,
              ':zero': 0,
              ':one': 1,
              ...memberCondition.values,
            },
          },
        };
      }),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        if (failed === 0) throw stale(`Team ${profile.id}`, expectedVersion);
        const change = membership[failed - 1];
        if (change) throw stale(`Staff member ${change.staffId}`, change.expectedVersion);
        if (reasons.some((reason) => reason.Code === 'TransactionConflict'))
          throw new ConflictError('Another change to this team was in flight; retry.', 'CONCURRENT_UPDATE');
      }
      throw error;
    }
    return team;
  }
}
