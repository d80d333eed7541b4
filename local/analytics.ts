import { join } from 'node:path';
import { formatTable, queryArchive } from './event-archive.js';
import { projectRoot } from './lambda.js';

/**
 * `npm run analytics -- "<SQL>"`: runs the SQL with DuckDB over the archive `npm start` writes
 * (`.local/events/`, or `ANALYTICS_DIR`), through the view `events` — the columns of the Athena
 * table, so a query written here runs there as it is — and prints the result as a table.
 */
async function main(): Promise<void> {
  const sql = process.argv.slice(2).join(' ').trim();
  if (!sql) {
    console.error('Usage: npm run analytics -- "SELECT event_type, count(*) FROM events GROUP BY 1"');
    process.exitCode = 2;
    return;
  }
  const dir = process.env.ANALYTICS_DIR ?? join(projectRoot, '.local', 'events');
  console.log(formatTable(await queryArchive(dir, sql)));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
