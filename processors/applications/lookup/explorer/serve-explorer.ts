// Serves the identity explorer's static files (GET /explorer and /explorer/<asset>).
// Answers true when it handled the request, so the lookup server can mount it first.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'explorer.js': 'text/javascript; charset=utf-8',
  'lineage.js': 'text/javascript; charset=utf-8',
  'explorer.css': 'text/css; charset=utf-8',
};

export type ExplorerHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function explorerHandler(staticDir: string): ExplorerHandler {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path !== '/explorer' && !path.startsWith('/explorer/')) return false;
    const name = path === '/explorer' || path === '/explorer/' ? 'index.html' : path.slice(10);
    const type = TYPES[name];
    if (req.method !== 'GET' || type === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return true;
    }
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'",
      'x-content-type-options': 'nosniff',
    });
    res.end(readFileSync(join(staticDir, name)));
    return true;
  };
}
