import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/constructs/service-function.js';

/**
 * The layers of functions/, top first, as the README's architecture section draws them. A
 * context may import the contexts on the floors below its own, never one on its floor or above.
 */
const floors: readonly (readonly string[])[] = [
  ['api', 'events'],
  ['macros', 'privacy'],
  ['notifications', 'reports', 'assignment'],
  ['tickets'],
  ['staff'],
  ['sla'],
  ['after-sales', 'orders', 'classification'],
  ['kernel', 'shared'],
];

const functionsRoot = join(projectRoot, 'functions');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative module specifiers of a file: static imports, re-exports and `import()` calls. */
function relativeImports(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm);
  return [...found].map((match) => match[1] ?? '');
}

const floorOf = (context: string) => floors.findIndex((floor) => floor.includes(context));

describe('layers of functions/', () => {
  const files = sourceFiles(functionsRoot);

  it('place every context on one floor', () => {
    const contexts = readdirSync(functionsRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(contexts.filter((context) => floorOf(context) < 0)).toEqual([]);
    expect(floors.flat().filter((context) => !contexts.includes(context))).toEqual([]);
  });

  it('only import downward, and nothing outside functions/', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = relative(functionsRoot, file);
      const context = from.split('/')[0] ?? '';
      for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
        const target = relative(functionsRoot, join(dirname(file), specifier));
        const targetContext = target.split('/')[0] ?? '';
        if (target.startsWith('..')) wrong.push(`${from} imports ${specifier}, outside functions/`);
        else if (targetContext !== context && floorOf(targetContext) <= floorOf(context))
          wrong.push(`${from} (${context}) imports ${target} (${targetContext}), not below it`);
      }
    }
    expect(files.length).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
