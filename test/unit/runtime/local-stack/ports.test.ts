// freePorts: distinct ports, released before returning so the JVMs can bind them.
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { freePorts } from '../../../../processors/adapters/local-stack/ports.js';

function bind(port: number): Promise<void> {
  const server = createServer();
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

describe('freePorts', () => {
  it('gives distinct TCP ports that are free again for the caller to bind', async () => {
    const ports = await freePorts(3);
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) {
      expect(Number.isInteger(port) && port > 0 && port < 65_536).toBe(true);
      await bind(port);
    }
  });

  it('gives none when asked for none', async () => {
    expect(await freePorts(0)).toEqual([]);
  });
});
