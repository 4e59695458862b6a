// The real thing: compile with the build config into a scratch dir laid out like the
// package (bin/ + dist/), then pipe a delivery through `bin/wa-identity.js normalize`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { present } from '../../helpers/present.js';

const root = join(import.meta.dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'wai-built-cli-'));
const bin = join(scratch, 'bin', 'wa-identity.js');

beforeAll(() => {
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  try {
    execFileSync(
      process.execPath,
      [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(scratch, 'dist')],
      { stdio: 'pipe' },
    );
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the checks below decide.
  }
  mkdirSync(join(scratch, 'bin'));
  copyFileSync(join(root, 'bin', 'wa-identity.js'), bin);
  // Laid out like the installed package: its package.json ("type": "module") and dependencies.
  copyFileSync(join(root, 'package.json'), join(scratch, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
}, 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('built wa-identity', () => {
  it('is the package bin and imports the compiled main', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin['wa-identity']).toBe('bin/wa-identity.js');
    expect(readFileSync(bin, 'utf8')).toContain(
      "from '../dist/processors/applications/cli/main.js'",
    );
    expect(existsSync(join(scratch, 'dist', 'processors', 'applications', 'cli', 'main.js'))).toBe(
      true,
    );
  });

  it('normalizes stdin to NDJSON records on stdout', () => {
    const line = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '106540352242922' },
                statuses: [
                  {
                    id: 'wamid.B1',
                    status: 'read',
                    timestamp: '1749416400',
                    recipient_user_id: 'US.13491208655302741918',
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const r = spawnSync(process.execPath, [bin, 'normalize', '--stateless'], {
      input: `${line}\nnot json\n`,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    expect(r.status).toBe(0);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { topic: string; key: string; value: Record<string, unknown> });
    expect(records.map((x) => x.topic)).toEqual(['data-stream', 'dlq']);
    expect(present(records[0]).key).toBe('waba:102290129340398|US.13491208655302741918');
    expect(present(records[0]).value).toMatchObject({
      eventType: 'STATUS',
      status: 'read',
      waid: 'US.13491208655302741918',
      waidSource: 'BSUID',
    });
  });

  it('loads every compiled module as an ES module (no broken import, no CommonJS leftover)', () => {
    const dist = join(scratch, 'dist');
    const modules = (readdirSync(dist, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(dist, f));
    expect(modules.length).toBeGreaterThan(100);
    const script = `for (const m of process.argv.slice(1)) await import(m);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...modules], {
      encoding: 'utf8',
      cwd: scratch,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('exits 2 naming an unknown argument', () => {
    const r = spawnSync(process.execPath, [bin, 'normalize', '--nope'], {
      input: '',
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown argument --nope/);
  });
});
