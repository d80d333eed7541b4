import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeApiTypes } from './api-types.js';
import { distDir, webRoot } from './paths.js';

const projectRoot = join(webRoot, '..');
const buildInfoFile = join(distDir, 'build-info.json');

/** The most JavaScript a first page load may fetch, gzipped (issue 11). */
export const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

export interface BuildInfo {
  readonly builtAt: string;
  /** The scripts index.html loads (entry and module preloads), with raw and gzipped sizes. */
  readonly firstLoad: { file: string; bytes: number; gzipBytes: number }[];
  readonly firstLoadGzipBytes: number;
  readonly cssGzipBytes: number;
  /**
   * Pages loaded as chunks of their own (`import()` in main.tsx): what opening one first adds to
   * the first load, and the page's whole first load (entry and preloads plus those chunks).
   */
  readonly lazyPages: { page: string; files: string[]; addedGzipBytes: number; firstLoadGzipBytes: number }[];
}

interface ManifestChunk {
  readonly file: string;
  readonly src?: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
}

/** What the console is built from: its sources and the API contract its types come from. */
function inputs(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(webRoot, 'src'));
  for (const file of ['index.html', 'vite.config.ts', 'tsconfig.json']) files.push(join(webRoot, file));
  walk(join(projectRoot, 'functions', 'api'));
  for (const context of readdirSync(join(projectRoot, 'functions'))) {
    walk(join(projectRoot, 'functions', context, 'contracts'));
  }
  return files;
}

/** Missing, or older than any of its inputs. */
export function consoleIsStale(): boolean {
  if (!existsSync(buildInfoFile) || !existsSync(join(distDir, 'index.html'))) return true;
  const built = statSync(buildInfoFile).mtimeMs;
  return inputs().some((file) => existsSync(file) && statSync(file).mtimeMs > built);
}

/** The scripts the browser fetches before the first paint: index.html's module and preloads. */
export function measureFirstLoad(): Omit<BuildInfo, 'builtAt'> {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1] ?? '');
  const size = (href: string) => {
    const content = readFileSync(join(distDir, href.replace(/^\//, '')));
    return { file: href, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  };
  const firstLoad = [...new Set(scripts)].map(size);
  const firstLoadGzipBytes = firstLoad.reduce((sum, file) => sum + file.gzipBytes, 0);
  const loaded = new Set(firstLoad.map((file) => file.file.replace(/^\//, '')));
  const manifestFile = join(distDir, '.vite', 'manifest.json');
  const manifest: Record<string, ManifestChunk> = existsSync(manifestFile)
    ? JSON.parse(readFileSync(manifestFile, 'utf8'))
    : {};
  // A lazy page fetches its chunk and the chunks that one imports, less what the entry loaded.
  const chunksOf = (key: string, into: Set<string>): Set<string> => {
    const chunk = manifest[key];
    if (!chunk || loaded.has(chunk.file) || into.has(chunk.file)) return into;
    into.add(chunk.file);
    for (const imported of chunk.imports ?? []) chunksOf(imported, into);
    return into;
  };
  const entries = Object.values(manifest).filter((chunk) => chunk.isEntry);
  const lazyPages = entries
    .flatMap((entry) => entry.dynamicImports ?? [])
    .map((key) => {
      const files = [...chunksOf(key, new Set())];
      const addedGzipBytes = files.map((file) => size(file).gzipBytes).reduce((sum, bytes) => sum + bytes, 0);
      return {
        page: manifest[key]?.src ?? key,
        files,
        addedGzipBytes,
        firstLoadGzipBytes: firstLoadGzipBytes + addedGzipBytes,
      };
    });
  return {
    firstLoad,
    firstLoadGzipBytes,
    cssGzipBytes: styles.map(size).reduce((sum, file) => sum + file.gzipBytes, 0),
    lazyPages,
  };
}

export function readBuildInfo(): BuildInfo | null {
  return existsSync(buildInfoFile) ? (JSON.parse(readFileSync(buildInfoFile, 'utf8')) as BuildInfo) : null;
}

/**
 * Builds the console: API types from the OpenAPI document, a type check of web/ against them
 * (a contract change the pages do not follow fails here), the Vite build, the first-load
 * measure (over budget fails too).
 */
export async function buildConsole(log: (message: string) => void = console.log): Promise<BuildInfo> {
  const began = Date.now();
  if (await writeApiTypes()) log('console: API types regenerated from the OpenAPI document');
  const tsc = spawnSync(
    process.execPath,
    [
      join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit',
      '-p',
      join(webRoot, 'tsconfig.json'),
    ],
    { encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`console: type check failed\n${tsc.stdout}${tsc.stderr}`);
  const { build } = await import('vite');
  await build({ configFile: join(webRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  const measured = measureFirstLoad();
  for (const file of measured.firstLoad) {
    // A development JSX transform would ship this machine's source paths to every browser.
    if (readFileSync(join(distDir, file.file.replace(/^\//, '')), 'utf8').includes(projectRoot))
      throw new Error(`console: ${file.file} contains source file paths (a development build)`);
  }
  for (const page of [
    { page: 'index.html', firstLoadGzipBytes: measured.firstLoadGzipBytes },
    ...measured.lazyPages,
  ]) {
    if (page.firstLoadGzipBytes > FIRST_LOAD_BUDGET_BYTES) {
      throw new Error(
        `console: the first load of ${page.page} is ${page.firstLoadGzipBytes} B of JavaScript gzipped, over the ${FIRST_LOAD_BUDGET_BYTES} B budget`,
      );
    }
  }
  const info: BuildInfo = { builtAt: new Date().toISOString(), ...measured };
  writeFileSync(buildInfoFile, `${JSON.stringify(info, null, 2)}\n`);
  log(
    `console: built ${relative(projectRoot, distDir)} in ${((Date.now() - began) / 1000).toFixed(1)} s, first load ${(info.firstLoadGzipBytes / 1024).toFixed(1)} KB JS gzipped`,
  );
  return info;
}

/** Builds the console when web/dist is missing or older than its sources. */
export async function ensureConsoleBuilt(log: (message: string) => void = console.log): Promise<BuildInfo> {
  const info = readBuildInfo();
  if (info && !consoleIsStale()) return info;
  return buildConsole(log);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  buildConsole().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
