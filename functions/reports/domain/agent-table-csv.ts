import type { AgentFigures } from './summary.js';

/** Excel reads a UTF-8 file as UTF-8 (Chinese names included) only when it starts with this BOM. */
const BOM = '\uFEFF';
/** RFC 4180: records end with CRLF. */
const CRLF = '\r\n';

const header = [
  'agentId',
  'name',
  'tickets',
  'resolved',
  'csatResponses',
  'csatAverage',
  'firstResponseMet',
  'firstResponseBreached',
  'firstResponsePercentMet',
];

/**
 * A text cell: quoted when it holds a quote, comma, CR or LF (RFC 4180, quotes doubled), and
 * with a leading apostrophe when it starts like a formula (`=`, `+`, `-`, `@`, tab, CR), so
 * that a spreadsheet shows a staff name as text and never evaluates it.
 */
function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const numberCell = (value: number | null) => (value === null ? '' : String(value));

/**
 * The per-agent table of a summary as CSV: UTF-8 with a BOM, a header row, one record per agent
 * in the summary's order, the agent's name from the staff records (empty for an id no record
 * names), an empty cell for a figure that has no value (no ratings, no clock outcome).
 */
export function agentTableCsv(agents: readonly AgentFigures[], names: ReadonlyMap<string, string>): string {
  const records = agents.map((agent) =>
    [
      textCell(agent.assigneeId),
      textCell(names.get(agent.assigneeId) ?? ''),
      numberCell(agent.tickets),
      numberCell(agent.resolved),
      numberCell(agent.csatResponses),
      numberCell(agent.csatAverage),
      numberCell(agent.firstResponse.met),
      numberCell(agent.firstResponse.breached),
      numberCell(agent.firstResponse.percentMet),
    ].join(','),
  );
  return `${BOM}${[header.join(','), ...records].map((record) => `${record}${CRLF}`).join('')}`;
}
