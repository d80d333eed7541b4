import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { inboundEmailConfig } from '../../functions/email/config.js';
import { eventsConfig } from '../../functions/events/config.js';
import { macrosConfig } from '../../functions/macros/config.js';
import { notificationsConfig } from '../../functions/notifications/config.js';
import type { Config } from '../../functions/shared/config.js';
import { ticketCreationConfig, ticketsConfig } from '../../functions/tickets/config.js';
import { refundsConfig } from '../../functions/tickets/workflows/refund/config.js';
import { returnsConfig } from '../../functions/tickets/workflows/return/config.js';
import { functionBundle, projectRoot } from '../../lib/constructs/service-function.js';
import { manifests } from '../../local/environment.js';

/** Each context's configuration: the module that declares it and the name it is exported under. */
const configModules: readonly { path: string; name: string; config: Config }[] = [
  { path: 'functions/email/config.ts', name: 'inboundEmailConfig', config: inboundEmailConfig },
  { path: 'functions/events/config.ts', name: 'eventsConfig', config: eventsConfig },
  { path: 'functions/macros/config.ts', name: 'macrosConfig', config: macrosConfig },
  { path: 'functions/notifications/config.ts', name: 'notificationsConfig', config: notificationsConfig },
  { path: 'functions/tickets/workflows/refund/config.ts', name: 'refundsConfig', config: refundsConfig },
  { path: 'functions/tickets/workflows/return/config.ts', name: 'returnsConfig', config: returnsConfig },
  { path: 'functions/tickets/config.ts', name: 'ticketsConfig', config: ticketsConfig },
  { path: 'functions/tickets/config.ts', name: 'ticketCreationConfig', config: ticketCreationConfig },
];

/** Modules that only declare (routes and worker entries name configurations without reading them). */
const declaring = /(^|\/)routes\.ts$|^functions\/api\/endpoints\.ts$|^functions\/events\/workers\.ts$/;

/**
 * The configurations a handler's code reads: those a module of its bundle (as esbuild resolves it
 * for the CDK) imports and names, a route or worker declaration aside.
 */
async function configsReadBy(handler: string): Promise<Config[]> {
  const result = await build({
    ...functionBundle,
    mainFields: [...functionBundle.mainFields],
    external: [...functionBundle.external],
    entryPoints: [join(projectRoot, handler)],
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: projectRoot,
  });
  const read = new Set<Config>();
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    if (declaring.test(path)) continue;
    for (const { path: imported } of input.imports) {
      for (const module of configModules.filter((candidate) => candidate.path === imported))
        if (new RegExp(`\\b${module.name}\\b`).test(readFileSync(join(projectRoot, path), 'utf8')))
          read.add(module.config);
    }
  }
  return [...read];
}

describe('function manifests', () => {
  it('declare every context configuration their code reads, and none it does not', async () => {
    const handlers = [...new Map(manifests().map((manifest) => [manifest.handler, manifest])).values()];
    const wrong: string[] = [];
    for (const manifest of handlers) {
      const read = await configsReadBy(manifest.handler);
      const declared = manifest.config ?? [];
      const name = (config: Config) => configModules.find((module) => module.config === config)?.name;
      for (const config of read.filter((candidate) => !declared.includes(candidate)))
        wrong.push(`${manifest.handler} reads ${name(config)} without declaring it`);
      for (const config of declared.filter((candidate) => !read.includes(candidate)))
        wrong.push(`${manifest.handler} declares ${name(config)} but never reads it`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
