import { describe, expect, it } from 'vitest';
import { agentTableCsv } from '../../../functions/reports/domain/agent-table-csv.js';
import type { AgentFigures } from '../../../functions/reports/domain/summary.js';

function agent(assigneeId: string, overrides: Partial<AgentFigures> = {}): AgentFigures {
  return {
    assigneeId,
    tickets: 3,
    resolved: 2,
    csatResponses: 1,
    csatAverage: 4.5,
    firstResponse: { met: 2, breached: 1, percentMet: 66.7 },
    ...overrides,
  };
}

const header =
  'agentId,name,tickets,resolved,csatResponses,csatAverage,firstResponseMet,firstResponseBreached,firstResponsePercentMet';

describe('agentTableCsv', () => {
  it('starts with a UTF-8 BOM and a header row, and ends every record with CRLF', () => {
    const csv = agentTableCsv([agent('agent-1')], new Map([['agent-1', '王小明']]));

    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe(`${header}\r\nagent-1,王小明,3,2,1,4.5,2,1,66.7\r\n`);
  });

  it('quotes a cell holding a comma, quote or line break, doubling the quotes (RFC 4180)', () => {
    const names = new Map([
      ['a', 'Lee, Ann'],
      ['b', 'Bob "the fixer"'],
      ['c', 'two\nlines'],
    ]);

    const records = agentTableCsv([agent('a'), agent('b'), agent('c')], names)
      .slice(1)
      .split('\r\n');

    expect(records[1]?.startsWith('a,"Lee, Ann",')).toBe(true);
    expect(records[2]?.startsWith('b,"Bob ""the fixer""",')).toBe(true);
    expect(records[3]?.startsWith('c,"two\nlines",')).toBe(true);
  });

  it('leaves an empty cell for a missing name or a figure with no value', () => {
    const quiet = agent('agent-9', {
      csatResponses: 0,
      csatAverage: null,
      firstResponse: { met: 0, breached: 0, percentMet: null },
    });

    expect(agentTableCsv([quiet], new Map()).slice(1)).toBe(`${header}\r\nagent-9,,3,2,0,,0,0,\r\n`);
  });

  it('keeps a name that starts like a formula as text', () => {
    const csv = agentTableCsv([agent('agent-1')], new Map([['agent-1', '=HYPERLINK("x")']]));

    expect(csv).toContain('agent-1,"\'=HYPERLINK(""x"")",');
  });

  it('is just the header for a period without agents', () => {
    expect(agentTableCsv([], new Map())).toBe(`\uFEFF${header}\r\n`);
  });
});
