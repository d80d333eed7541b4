import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionBundle, projectRoot } from '../../../lib/constructs/service-function.js';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('schemas built on first use', () => {
  it('are declared pure, so that a bundle leaves out the schemas its function never reads', () => {
    const unmarked: string[] = [];
    for (const file of sourceFiles(join(projectRoot, 'functions'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        const code = !/^\s*(\*|\/\/)/.test(line) && !/export function builtOnFirstUse/.test(line);
        if (code && /\bbuiltOnFirstUse\(/.test(line))
          if (!line.includes('/* @__PURE__ */ builtOnFirstUse('))
            unmarked.push(`${relative(projectRoot, file)}:${index + 1}`);
      });
    }
    expect(unmarked).toEqual([]);
  });

  it("leave the other routes' request schemas out of a handler's bundle", async () => {
    // Bundled as the CDK bundles a function (lib/constructs/service-function.ts), not minified.
    const result = await build({
      ...functionBundle,
      mainFields: [...functionBundle.mainFields],
      external: [...functionBundle.external],
      entryPoints: [join(projectRoot, 'functions/tickets/handlers/create-ticket.ts')],
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).toContain('id: "CreateTicketRequest"');
    for (const other of [
      'ActionRequest',
      'PostMessageRequest',
      'SatisfactionRequest',
      'ReturnDeliveryRequest',
    ])
      expect(text, other).not.toContain(`id: "${other}"`);
  });
});
