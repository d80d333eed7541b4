import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { routeList } from '../functions/api/routes.js';
import {
  eventConsumers,
  inboundEmail,
  queueConsumers,
  schedules,
  streamAggregator,
  streamRouter,
} from '../functions/events/workers.js';
import { ESM_REQUIRE_BANNER, functionBundle, projectRoot } from '../lib/constructs/service-function.js';

/**
 * Every function bundled as the CDK bundles it (lib/constructs/service-function.ts: esbuild,
 * ESM, node22, minified, `@aws-sdk/*` external since the runtime ships it), with each bundle's
 * minified size; then the cold import of a few bundles against a bundle that only imports the
 * DynamoDB client, each import in a fresh `node`, the two alternated run by run.
 */
const OUT = join(projectRoot, '.bench', 'bundles');
const COLD_RUNS = 10;
/** Issue 14's targets: every bundle at most 300 KB; cold imports against the DynamoDB-only baseline. */
const MAX_BUNDLE_BYTES = 300 * 1024;
const COLD_FUNCTIONS: readonly { entry: string; maxRatio: number }[] = [
  { entry: 'functions/tickets/handlers/create-ticket.ts', maxRatio: 1.3 },
  { entry: 'functions/api/handlers/get-health.ts', maxRatio: 0.7 },
];
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Distinct handler modules of the stage: the routes and the non-HTTP functions. */
function entries(): string[] {
  const handlers = [
    ...routeList.map((route) => route.handler),
    streamRouter.handler,
    streamAggregator.handler,
    ...queueConsumers.map((consumer) => consumer.handler),
    ...schedules.map((schedule) => schedule.handler),
    ...eventConsumers.map((consumer) => consumer.handler),
    inboundEmail.handler,
  ];
  return [...new Set(handlers)].sort();
}

const outFileOf = (entry: string) =>
  join(OUT, entry.replace(/^functions\//, '').replace(/\.ts$/, ''), 'index.mjs');

async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    ...functionBundle,
    mainFields: [...functionBundle.mainFields],
    external: [...functionBundle.external],
    entryPoints: [join(projectRoot, entry)],
    outfile,
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
  return statSync(outfile).size;
}

/** Milliseconds a fresh `node` takes to import the module (measured inside the process). */
function coldImport(module: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${module}`)});process.stdout.write(String(performance.now()-t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1' },
  });
  if (run.status !== 0) throw new Error(`importing ${module} failed: ${run.stderr}`);
  return Number(run.stdout);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export async function benchBundles(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const rows: { entry: string; bytes: number }[] = [];
  for (const entry of entries()) rows.push({ entry, bytes: await bundle(entry, outFileOf(entry)) });
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`\nBundles (esbuild as the CDK runs it: ESM, node22, minified, @aws-sdk/* external)\n`);
  console.log(`| function | minified | ≤ ${kb(MAX_BUNDLE_BYTES)} |`);
  console.log('| --- | ---: | --- |');
  for (const row of rows)
    console.log(`| ${row.entry} | ${kb(row.bytes)} | ${verdict(row.bytes <= MAX_BUNDLE_BYTES)} |`);
  const largest = Math.max(...rows.map((row) => row.bytes));
  console.log(
    `| **${rows.length} functions** | **${(total / 1024 / 1024).toFixed(1)} MB** | largest ${kb(largest)} |`,
  );

  const baselineEntry = join(OUT, 'baseline.ts');
  writeFileSync(
    baselineEntry,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      'const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export const handler = async () => client.config.region;',
      '',
    ].join('\n'),
  );
  const baseline = join(OUT, 'baseline', 'index.mjs');
  await bundle(relative(projectRoot, baselineEntry), baseline);

  console.log(
    `\nCold import (fresh node per run, paired with a bundle that only imports the DynamoDB client, medians of ${COLD_RUNS})\n`,
  );
  console.log('| function | import (ms) | baseline (ms) | ratio | target |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  coldImport(baseline); // warm the file cache
  for (const { entry, maxRatio } of COLD_FUNCTIONS) {
    const module = outFileOf(entry);
    coldImport(module);
    const mine: number[] = [];
    const theirs: number[] = [];
    const ratios: number[] = [];
    for (let run = 0; run < COLD_RUNS; run += 1) {
      const a = coldImport(module);
      const b = coldImport(baseline);
      mine.push(a);
      theirs.push(b);
      ratios.push(a / b);
    }
    const ratio = median(ratios);
    console.log(
      `| ${entry} | ${median(mine).toFixed(1)} | ${median(theirs).toFixed(1)} | ${ratio.toFixed(2)}× | ≤ ${maxRatio}× ${verdict(ratio <= maxRatio)} |`,
    );
  }
}
