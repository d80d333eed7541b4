import { join } from 'node:path';

/** The console's folders: its sources and the build that `npm start` serves. */
export const webRoot = join(import.meta.dirname, '..');
export const distDir = join(webRoot, 'dist');
