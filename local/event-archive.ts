import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  type ArchivableEvent,
  archiveColumns,
  archiveRowOf,
  archiveSqlTypes,
  archiveViewQuery,
} from '../functions/events/domain/archive-row.js';

/**
 * The local analytics archive (ADR 22): what EventBridge → Firehose → S3 does on AWS. Each public
 * event the bus stand-in accepts becomes its archive row, appended as one JSON line to
 * `<dir>/day=YYYY-MM-DD/events.jsonl`. A redelivered event appends its row again; the `events`
 * view reads each distinct row once.
 */
export class LocalEventArchive {
  constructor(readonly dir: string) {}

  /** Appends the rows of the events the archive knows; returns how many. */
  append(events: readonly unknown[]): number {
    const byDay = new Map<string, string[]>();
    for (const event of events) {
      const row = isArchivable(event) ? archiveRowOf(event) : undefined;
      if (!row) continue;
      const lines = byDay.get(row.day) ?? [];
      lines.push(JSON.stringify(row));
      byDay.set(row.day, lines);
    }
    for (const [day, lines] of byDay) {
      const folder = join(this.dir, `day=${day}`);
      mkdirSync(folder, { recursive: true });
      appendFileSync(join(folder, 'events.jsonl'), `${lines.join('\n')}\n`);
    }
    return [...byDay.values()].reduce((sum, lines) => sum + lines.length, 0);
  }
}

function isArchivable(event: unknown): event is ArchivableEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { id, type, at } = event as Record<string, unknown>;
  return typeof id === 'string' && typeof type === 'string' && typeof at === 'string';
}

/** A cell as the table shows it and as tests compare it: numbers, text, null. */
export type Cell = string | number | boolean | null;

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function hasRows(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name.startsWith('day='));
  } catch {
    return false;
  }
}

/**
 * Runs SQL with DuckDB over the archive in `dir`, through a view named `events` with the columns
 * of the Athena table (`events_raw` holds every line as written). An empty archive is an empty
 * view of the same columns.
 */
export async function queryArchive(dir: string, sql: string): Promise<QueryResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const columns = archiveColumns
      .map((column) => `${sqlText(column.name)}: ${sqlText(archiveSqlTypes.duckdb[column.type])}`)
      .join(', ');
    const raw = hasRows(dir)
      ? `SELECT * FROM read_json(${sqlText(join(dir, 'day=*', '*.jsonl'))}, format = 'newline_delimited', columns = {${columns}})`
      : `SELECT ${archiveColumns.map((column) => `CAST(NULL AS ${archiveSqlTypes.duckdb[column.type]}) AS ${column.name}`).join(', ')} WHERE false`;
    await connection.run(`CREATE VIEW events_raw AS ${raw}`);
    await connection.run(`CREATE VIEW events AS ${archiveViewQuery('events_raw')}`);
    const reader = await connection.runAndReadAll(sql);
    // Numbers as numbers (DuckDB's JSON form spells BIGINT and DECIMAL as text), the rest as DuckDB writes it.
    const asJs = reader.getRowsJS();
    const rows = reader.getRowsJson().map((row, r) =>
      row.map((cell, c): Cell => {
        const value = asJs[r]?.[c];
        if (typeof value === 'number') return value;
        if (typeof value === 'bigint') return Number(value);
        return cell === null || typeof cell !== 'object' ? cell : JSON.stringify(cell);
      }),
    );
    return { columns: reader.columnNames(), rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The result as a plain text table, numbers right-aligned. */
export function formatTable({ columns, rows }: QueryResult): string {
  const text = (cell: Cell) => (cell === null ? '' : String(cell));
  const widths = columns.map((name, index) =>
    Math.max(name.length, ...rows.map((row) => text(row[index] ?? null).length)),
  );
  const line = (cells: readonly string[], numeric: readonly boolean[]) =>
    cells
      .map((cell, index) =>
        numeric[index] ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
      )
      .join(' | ')
      .trimEnd();
  const numeric = columns.map(
    (_, index) =>
      rows.length > 0 && rows.every((row) => typeof row[index] === 'number' || row[index] === null),
  );
  return [
    line(columns, numeric),
    widths.map((width) => '-'.repeat(width)).join('-+-'),
    ...rows.map((row) => line(row.map(text), numeric)),
    `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`,
  ].join('\n');
}
