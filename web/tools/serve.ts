import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { distDir } from './paths.js';
import { contentSecurityPolicy, staticSecurityHeaders } from './security-headers.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built console for a GET or HEAD of a path outside /v1/ and /_local/: a file of
 * web/dist, `/config.json` (the runtime configuration the server gives: on AWS the stack writes
 * it), else index.html (the SPA
 * fallback). Answers with the same security headers as CloudFront. Returns false when there is
 * no build to serve.
 */
export function serveConsole(
  pathname: string,
  method: string,
  response: ServerResponse,
  runtimeConfig: Readonly<Record<string, unknown>>,
  root = distDir,
): boolean {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  response.setHeader('content-security-policy', contentSecurityPolicy());
  for (const [name, value] of Object.entries(staticSecurityHeaders)) response.setHeader(name, value);
  if (pathname === '/config.json') {
    response.writeHead(200, { 'content-type': types['.json'], 'cache-control': 'no-store' });
    response.end(method === 'HEAD' ? undefined : JSON.stringify(runtimeConfig));
    return true;
  }
  let file = index;
  const wanted = normalize(join(root, decodeURIComponent(pathname)));
  if (wanted.startsWith(root + sep) && existsSync(wanted) && statSync(wanted).isFile()) file = wanted;
  else if (extname(pathname) && pathname.startsWith('/assets/')) {
    // A missing hashed asset is a 404, not the page: a stale tab must not run HTML as script.
    response.writeHead(404, { 'content-type': types['.txt'] });
    response.end('Not found');
    return true;
  }
  const hashed = file.startsWith(join(root, 'assets') + sep);
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
  return true;
}
