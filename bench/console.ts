import { buildConsole, FIRST_LOAD_BUDGET_BYTES } from '../web/tools/build.js';

/**
 * The web console's first load: the JavaScript index.html makes the browser fetch before the
 * first paint (entry and module preloads), gzipped at level 9, against the 150 KB budget, and
 * for each page loaded as a chunk of its own, that plus the chunks opening it adds.
 * Builds afresh so the figure is of the sources as they are.
 */
export async function benchConsole(): Promise<void> {
  const info = await buildConsole(() => undefined);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('\n## Web console: first load (gzipped)\n');
  console.log('| file | raw | gzipped |');
  console.log('| --- | --- | --- |');
  for (const file of info.firstLoad)
    console.log(`| ${file.file} | ${kb(file.bytes)} | ${kb(file.gzipBytes)} |`);
  console.log(
    `| **JavaScript, first load** | ${kb(info.firstLoad.reduce((sum, file) => sum + file.bytes, 0))} | **${kb(info.firstLoadGzipBytes)}** (budget ${kb(FIRST_LOAD_BUDGET_BYTES)}) |`,
  );
  console.log(`| CSS | | ${kb(info.cssGzipBytes)} |`);
  console.log('\n### Pages loaded as their own chunks (entry plus the chunks opening them adds)\n');
  console.log('| page | added, gzipped | first load, gzipped |');
  console.log('| --- | --- | --- |');
  for (const page of info.lazyPages)
    console.log(`| ${page.page} | ${kb(page.addedGzipBytes)} | **${kb(page.firstLoadGzipBytes)}** |`);
}
