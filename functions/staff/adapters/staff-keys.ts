import type { WaitingEntry } from '../domain/ports.js';

/**
 * The staff context's keys on the single table. Staff and teams share one partition (`STAFF`),
 * so the whole desk is one query; each team's waiting tickets are an item collection sorted by
 * deadline, so the oldest is a Query with Limit 1.
 */
export const staffKeys = {
  partition: 'STAFF',
  memberPrefix: 'MEMBER#',
  teamPrefix: 'TEAM#',
  member: (staffId: string) => ({ PK: 'STAFF', SK: `MEMBER#${staffId}` }),
  team: (teamId: string) => ({ PK: 'STAFF', SK: `TEAM#${teamId}` }),
  routingRules: { PK: 'SETTINGS', SK: 'ROUTING' },
  queue: (team: string) => `TEAMQUEUE#${team}`,
  /** `~` sorts after every ISO date: tickets without a deadline wait behind all others. */
  waiting: (entry: WaitingEntry) => ({
    PK: `TEAMQUEUE#${entry.team}`,
    SK: `${entry.deadline ?? '~'}#${entry.ticketId}`,
  }),
};
