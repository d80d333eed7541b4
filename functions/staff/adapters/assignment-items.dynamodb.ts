import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { WaitingEntry } from '../domain/ports.js';
import { staffKeys } from './staff-keys.js';

/** One write of a TransactWriteItems, as the document client takes it. */
export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/**
 * The staff side of a ticket's assignment, as items of the ticket's own TransactWriteItems: the
 * load counter (`openAssigned` on the member's item, beside `capacity` and `available`) moves
 * in the same atomic write as the ticket, so it always equals the member's open assigned
 * tickets and no race can push it past capacity or below zero.
 */

/**
 * +1 on the member's load. `enforceCapacity` (auto-assignment) also requires the member to be an
 * available agent below capacity, checked on the item itself: two assigners racing for the last
 * slot cannot both pass. A supervisor's deliberate assignment counts without the check.
 */
export function takeLoadItem(
  tableName: string,
  staffId: string,
  options: { readonly enforceCapacity: boolean },
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: staffKeys.member(staffId),
      UpdateExpression: 'SET openAssigned = if_not_exists(openAssigned, :zero) + :one',
      ConditionExpression: options.enforceCapacity
        ? 'attribute_exists(PK) AND available = :true AND contains(#roles, :agent) AND openAssigned < #capacity'
        : 'attribute_exists(PK)',
      ...(options.enforceCapacity
        ? { ExpressionAttributeNames: { '#roles': 'roles', '#capacity': 'capacity' } }
        : {}),
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ...(options.enforceCapacity ? { ':true': true, ':agent': 'agent' } : {}),
      },
    },
  };
}

/** −1 on the member's load, never below zero (the ticket left them: resolved, closed, cancelled, reassigned). */
export function releaseLoadItem(tableName: string, staffId: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: staffKeys.member(staffId),
      UpdateExpression: 'SET openAssigned = openAssigned - :one',
      ConditionExpression: 'openAssigned >= :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

/** The ticket joins its team's queue (a redelivered enqueue writes the same item again). */
export function enqueueItem(tableName: string, entry: WaitingEntry, queuedAt: string): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...staffKeys.waiting(entry), entityType: 'WaitingTicket', ...entry, queuedAt },
    },
  };
}

/**
 * The ticket leaves its team's queue. `mustExist` (an assigner taking it) makes a second assigner
 * racing for the same waiting ticket fail instead of assigning it twice.
 */
export function dequeueItem(
  tableName: string,
  entry: WaitingEntry,
  options: { readonly mustExist: boolean },
): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: staffKeys.waiting(entry),
      ...(options.mustExist ? { ConditionExpression: 'attribute_exists(PK)' } : {}),
    },
  };
}
