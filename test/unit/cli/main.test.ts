import { describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runNormalize } from '../../../processors/applications/cli/commands/normalize.js';
import { FIXED_NOW, runCli } from './run-cli.js';
import { present } from '../../helpers/present.js';

const BSUID = 'US.13491208655302741918';
const WABA = '102290129340398';

function delivery(
  id: string,
  from: Record<string, string> = { from_user_id: BSUID },
  waba = WABA,
): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: waba,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              messages: [
                { ...from, id, timestamp: '1753440000', type: 'text', text: { body: 'x' } },
              ],
            },
          },
        ],
      },
    ],
  });
}

const twilioLine = JSON.stringify(
  'MessageSid=SM1&From=whatsapp%3A%2B16505551234&To=whatsapp%3A%2B14155238886&Body=hi&ExternalUserId=' +
    BSUID,
);

describe('wa-identity (dispatch)', () => {
  it('prints the package version on --version and -V', async () => {
    const pkg = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`wa-identity ${pkg.version}\n`);
    }
  });

  it('lists commands on --help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/normalize/);
  });

  it('prints usage and exits 2 without a command', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: wa-identity/);
  });

  it('names an unknown command', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('names an unknown argument and exits 2', async () => {
    const r = await runCli(['normalize', '--portfolio-mapp', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown argument --portfolio-mapp/);
    const stray = await runCli(['normalize', 'extra']);
    expect(stray.stderr).toMatch(/unknown argument extra/);
  });

  it('shows the command usage on normalize --help', async () => {
    const r = await runCli(['normalize', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--portfolio-map/);
  });
});

describe('wa-identity normalize', () => {
  it('writes one record per event, keyed <portfolio>|<user>', async () => {
    const r = await runCli(
      ['normalize', '--stateless'],
      `${delivery('wamid.1')}\n${delivery('wamid.2')}\n`,
    );
    expect(r.code).toBe(0);
    expect(r.records.map((x) => [x.topic, x.key, x.value?.['messageId']])).toEqual([
      ['data-stream', `waba:${WABA}|${BSUID}`, 'wamid.1'],
      ['data-stream', `waba:${WABA}|${BSUID}`, 'wamid.2'],
    ]);
    expect(r.stderr).toMatch(
      /2 deliveries, 2 events, 2 records, 0 dlq; events in unmapped portfolios: waba:102290129340398 \(2\)/,
    );
  });

  it('turns a bad line into a dlq record with the original text and goes on', async () => {
    const input = [
      '{"broken":',
      '{"object":"page","entry":[]}',
      delivery('wamid.3', { from: 'US.1' }),
      delivery('wamid.4'),
      '',
    ].join('\n');
    const r = await runCli(['normalize', '--stateless'], input);
    expect(r.code).toBe(0);
    expect(r.records.map((x) => x.topic)).toEqual(['dlq', 'dlq', 'dlq', 'data-stream']);
    const notJson = { code: 'WAI_BAD_INPUT', message: 'not valid JSON', field: '$' };
    expect(present(r.records[0]).value).toEqual({
      original: '{"broken":',
      error: notJson,
      count: 1,
      failures: [notJson],
    });
    expect(present(present(r.records[1]).value)['error']).toMatchObject({
      code: 'WAI_UNKNOWN_ENVELOPE',
    });
    expect(present(present(r.records[2]).value)['error']).toMatchObject({
      code: 'WAI_BAD_IDENTIFIER',
      field: 'entry[0].changes[0].value.messages[0].from',
    });
    expect(present(present(r.records[2]).value)['original']).toBe(
      delivery('wamid.3', { from: 'US.1' }),
    );
  });

  it('reads a JSON string line as a form-encoded Twilio body, timed by the clock', async () => {
    const r = await runCli(['normalize'], twilioLine);
    expect(present(r.records[0]).value).toMatchObject({
      provider: 'twilio',
      bsuid: BSUID,
      phone: '+16505551234',
      occurredAt: FIXED_NOW,
    });
  });

  it('honours --received-at', async () => {
    const r = await runCli(['normalize', '--received-at', '2026-07-02T00:00:00Z'], twilioLine);
    expect(present(present(r.records[0]).value)['occurredAt']).toBe(Date.UTC(2026, 6, 2));
    const bad = await runCli(['normalize', '--received-at', 'yesterday'], twilioLine);
    expect(bad.code).toBe(2);
  });

  it('maps portfolios from --portfolio-map and WAI_PORTFOLIO_MAP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wai-cli-'));
    const file = join(dir, 'map.json');
    writeFileSync(file, JSON.stringify({ wabas: { [WABA]: 'acme' } }));
    const env = { WAI_PORTFOLIO_MAP: JSON.stringify({ phoneNumbers: { '+14155238886': 'acme' } }) };
    const r = await runCli(
      ['normalize', '--stateless', '--portfolio-map', file],
      `${delivery('wamid.1')}\n${twilioLine}\n`,
      env,
    );
    expect(r.records.map((x) => x.key)).toEqual([`acme|${BSUID}`, `acme|${BSUID}`]);
    expect(r.stderr).not.toMatch(/unmapped/);
    writeFileSync(file, '{"wabas": 1}');
    const bad = await runCli(
      ['normalize', '--stateless', '--portfolio-map', file],
      delivery('wamid.1'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--portfolio-map/);
  });

  it('rejects unmapped WABAs with --strict-portfolios', async () => {
    const r = await runCli(['normalize', '--strict-portfolios'], delivery('wamid.1'));
    expect(r.code).toBe(0);
    expect(r.records).toEqual([expect.objectContaining({ topic: 'dlq' })]);
    expect(present(present(r.records[0]).value)['error']).toMatchObject({
      code: 'WAI_UNMAPPED_PORTFOLIO',
    });
  });

  it('keys phone-only events by a keyed hash that depends on WAI_KEY_SECRET', async () => {
    const line = delivery('wamid.5', { from: '16505551234' });
    const a = await runCli(['normalize'], line, { WAI_KEY_SECRET: 'a-secret-of-16-chars-or-more' });
    const b = await runCli(['normalize'], line, { WAI_KEY_SECRET: 'another-secret-of-16-chars' });
    expect(present(a.records[0]).key).toMatch(/^waba:102290129340398\|phone:[0-9a-f]{32}$/);
    expect(present(a.records[0]).key).not.toBe(present(b.records[0]).key);
    expect(a.stderr).not.toMatch(/development secret/);
    const dflt = await runCli(['normalize'], line);
    expect(dflt.stderr).toMatch(/development secret: set WAI_KEY_SECRET/);
    expect(a.stdout.split('\n')[0]).not.toContain('"key":"waba:102290129340398|16505551234"');
  });

  it('exits 1 when stdin itself fails', async () => {
    const stdin = new Readable({ read() {} });
    const pending = runCli(['normalize'], stdin);
    stdin.push(`${delivery('wamid.1')}\n`);
    setImmediate(() => stdin.destroy(new Error('EIO: input gone')));
    const r = await pending;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/reading stdin failed: EIO/);
  });

  it('streams many lines through a slow reader (backpressure, no buffering of the input)', async () => {
    const n = 3000;
    const stdin = Readable.from(
      (function* () {
        for (let i = 0; i < n; i++) yield `${delivery(`wamid.${i}`)}\n`;
      })(),
    );
    const stdout = new PassThrough({ highWaterMark: 1024 });
    let lines = 0;
    stdout.on('data', (c: Buffer) => {
      lines += c.toString().split('\n').length - 1;
      stdout.pause();
      setImmediate(() => stdout.resume());
    });
    const code = await runNormalize(['--stateless'], {
      stdin,
      stdout,
      stderr: new PassThrough(),
      env: {},
      now: () => 0,
    });
    expect(code).toBe(0);
    stdout.end();
    await once(stdout, 'end');
    expect(lines).toBe(n);
  });
});
