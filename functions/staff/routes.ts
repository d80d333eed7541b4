import * as z from 'zod/mini';
import type { RouteDefinition } from '../shared/http/route.js';
import {
  putAvailabilityRequestSchema,
  putRoutingRulesRequestSchema,
  putStaffRequestSchema,
  putTeamRequestSchema,
  routingRulesSchema,
  staffIdSchema,
  staffListSchema,
  staffSchema,
  teamIdSchema,
  teamListSchema,
  teamSchema,
} from './contracts/staff.js';

const staffId = staffIdSchema().check(z.describe('The staff id (the `sub` of their token).'));
const teamId = teamIdSchema().check(z.describe('The team id.'));

export const listStaff = {
  method: 'GET',
  path: '/v1/staff',
  handler: 'functions/staff/handlers/list-staff.ts',
  summary: 'Every staff member with their teams, skills, capacity, availability and open tickets.',
  roles: ['supervisor', 'admin'],
  responses: { 200: staffListSchema },
  table: { operations: ['Query'], keys: ['STAFF'] },
} as const satisfies RouteDefinition;

export const putMyAvailability = {
  method: 'PUT',
  path: '/v1/staff/me/availability',
  handler: 'functions/staff/handlers/put-my-availability.ts',
  summary:
    'An agent says whether they take new tickets now; coming back hands them the oldest waiting tickets of their teams.',
  roles: ['agent'],
  body: putAvailabilityRequestSchema,
  responses: { 200: staffSchema, 404: 'No staff record for the caller; an admin creates it first.' },
  // Coming back tells the assigner, which hands them waiting tickets.
  sendTo: ['assignments'],
  table: { operations: ['GetItem', 'UpdateItem'], keys: ['STAFF'] },
} as const satisfies RouteDefinition;

export const getStaff = {
  method: 'GET',
  path: '/v1/staff/{staffId}',
  handler: 'functions/staff/handlers/get-staff.ts',
  summary: 'One staff member with their open tickets.',
  roles: ['supervisor', 'admin'],
  params: { staffId },
  responses: { 200: staffSchema },
  table: { operations: ['GetItem'], keys: ['STAFF'] },
} as const satisfies RouteDefinition;

export const putStaff = {
  method: 'PUT',
  path: '/v1/staff/{staffId}',
  handler: 'functions/staff/handlers/put-staff.ts',
  summary:
    'Create or replace a staff record: teams, languages, skills, capacity, availability, roles, working hours.',
  roles: ['admin'],
  params: { staffId },
  body: putStaffRequestSchema,
  responses: { 200: staffSchema },
  // Room that appeared (available, capacity, teams, skills) is the assigner's to fill.
  sendTo: ['assignments'],
  // Reads the member and the teams, then a version-conditioned update of the profile fields.
  table: { operations: ['GetItem', 'Query', 'UpdateItem'], keys: ['STAFF'] },
} as const satisfies RouteDefinition;

export const listTeams = {
  method: 'GET',
  path: '/v1/teams',
  handler: 'functions/staff/handlers/list-teams.ts',
  summary: 'Every team with its members and supervisors.',
  roles: ['supervisor', 'admin'],
  responses: { 200: teamListSchema },
  table: { operations: ['Query'], keys: ['STAFF'] },
} as const satisfies RouteDefinition;

export const getTeam = {
  method: 'GET',
  path: '/v1/teams/{teamId}',
  handler: 'functions/staff/handlers/get-team.ts',
  summary: 'One team with its members and supervisors.',
  roles: ['supervisor', 'admin'],
  params: { teamId },
  responses: { 200: teamSchema },
  table: { operations: ['GetItem', 'Query'], keys: ['STAFF'] },
} as const satisfies RouteDefinition;

export const putTeam = {
  method: 'PUT',
  path: '/v1/teams/{teamId}',
  handler: 'functions/staff/handlers/put-team.ts',
  summary: "Create or replace a team; its members' records gain or lose it in the same write.",
  roles: ['admin'],
  params: { teamId },
  body: putTeamRequestSchema,
  responses: { 200: teamSchema },
  // Members who joined may take the team's waiting tickets: the assigner is told.
  sendTo: ['assignments'],
  // The team and its members' `teams` in one transaction, each on its version.
  table: { operations: ['GetItem', 'Query', 'TransactWriteItems', 'PutItem', 'UpdateItem'], keys: ['STAFF'] },
} as const satisfies RouteDefinition;

export const getRoutingRules = {
  method: 'GET',
  path: '/v1/routing-rules',
  handler: 'functions/staff/handlers/get-routing-rules.ts',
  summary:
    'The routing rules in force, in order: the first that matches a new ticket sets its team and priority.',
  roles: ['supervisor', 'admin'],
  responses: { 200: routingRulesSchema },
  table: { operations: ['GetItem'], keys: ['SETTINGS'] },
} as const satisfies RouteDefinition;

export const putRoutingRules = {
  method: 'PUT',
  path: '/v1/routing-rules',
  handler: 'functions/staff/handlers/put-routing-rules.ts',
  summary: 'Replace the ordered routing rules; every team a rule names must exist.',
  roles: ['admin'],
  body: putRoutingRulesRequestSchema,
  responses: { 200: routingRulesSchema },
  // Reads the rules and the teams, then a version-conditioned put with the bump of the version item.
  table: {
    operations: ['GetItem', 'Query', 'TransactWriteItems', 'PutItem', 'UpdateItem'],
    keys: ['SETTINGS', 'STAFF'],
  },
} as const satisfies RouteDefinition;
