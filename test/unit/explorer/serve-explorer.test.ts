import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { explorerHandler } from '../../../processors/applications/lookup/explorer/serve-explorer.js';

// A real HTTP server mounting the explorer handler in front of a fallback answer.
const staticDir = join(
  import.meta.dirname,
  '../../../processors/applications/lookup/explorer/static',
);
const handle = explorerHandler(staticDir);
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(418).end('api');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('serveExplorer', () => {
  it('serves the page and its assets with their types', async () => {
    const page = await fetch(`${base}/explorer`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('type="password"');
    const js = await fetch(`${base}/explorer/lineage.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toContain('export function layoutLineage');
  });
  it('refuses unknown assets and leaves other paths to the API', async () => {
    expect((await fetch(`${base}/explorer/../package.json`)).status).not.toBe(200);
    expect((await fetch(`${base}/explorer/secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/v1/contacts/a/b`)).status).toBe(418);
  });
});
