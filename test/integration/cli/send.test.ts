// `wa-identity send` on the real broker: lines from a file and from stdin land in the input
// log byte for byte, in order, keyed by portfolio exactly as the workers read them.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../processors/applications/cli/main.js';
import { UNROUTED_KEY } from '../../../processors/domain/stream/input-log.js';
import { useKafka } from '../../helpers/kafka.js';
import { PIPELINE_ENV, metaInbound } from '../../unit/pipeline/inputs.js';
import { readTopic, usePipelineDeployments } from '../pipeline/harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The same inbound message under a second, unmapped WABA and number: portfolio waba:999. */
function twoPortfolios(): string {
  const one = JSON.parse(metaInbound('wamid.S3', '2026-09-01T10:00:00Z', true)) as {
    entry: { id: string; changes: { value: { metadata: { phone_number_id: string } } }[] }[];
  };
  const first = one.entry[0];
  if (first === undefined) throw new Error('fixture without an entry');
  const other = structuredClone(first);
  other.id = '999';
  for (const c of other.changes) c.value.metadata.phone_number_id = '998';
  return JSON.stringify({ ...one, entry: [first, other] }).replace(
    /wamid\.S3(?![\s\S]*wamid\.S3)/,
    'wamid.S4',
  );
}

describe('wa-identity send', () => {
  it('appends every line byte for byte, in order, keyed by portfolio', async () => {
    const d = await deployment('send', PIPELINE_ENV);
    const inbound = metaInbound('wamid.S1', '2026-09-01T09:00:00Z', true);
    // A bare CR is JSON whitespace: the delivery stays one line.
    const withCr = metaInbound('wamid.S2', '2026-09-01T09:30:00Z', false).replace(',', ',\r');
    const notUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const outbound = JSON.stringify({
      outbound: { requestId: 'r1', businessPhoneNumberId: 'x', waid: 'US.1', message: {} },
    });
    const file = join(mkdtempSync(join(tmpdir(), 'wai-send-')), 'in.ndjson');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${inbound}\n  \n${withCr}\n`),
        notUtf8,
        Buffer.from(`\n${twoPortfolios()}`), // the last line without its newline
      ]),
    );
    const err = collect();
    const io = {
      stdin: Readable.from([Buffer.from(`${outbound}\n`)]),
      stdout: collect().stream,
      stderr: err.stream,
      env: d.env,
      now: () => Date.parse('2026-09-02T00:00:00Z'),
    };

    const code = await main(['send', file, '-'], io);

    expect(code).toBe(0);
    const records = await readTopic(d, d.config.topics.input);
    // Order holds per key (per portfolio), which is what the workers read.
    const byKey = new Map<string, string[]>();
    for (const r of records) {
      const key = r.key?.toString() ?? 'null';
      byKey.set(key, [...(byKey.get(key) ?? []), r.value?.toString('base64') ?? 'null']);
    }
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    expect(Object.fromEntries(byKey)).toEqual({
      acme: [b64(inbound), b64(withCr), b64(twoPortfolios())],
      'waba:999': [b64(twoPortfolios())],
      // unreadable bytes, and a request naming no known number: kept, for the DLQ
      [UNROUTED_KEY]: [notUtf8.toString('base64'), b64(outbound)],
    });
    expect(records.map((r) => r.timestamp)).toEqual(
      records.map(() => Date.parse('2026-09-02T00:00:00Z')),
    );
    expect(err.text()).toContain(
      `send: 5 lines → 6 records to ${d.config.topics.input} (1 blank lines skipped)`,
    );
  });

  it('names a missing file and sends nothing', async () => {
    const d = await deployment('send-missing', PIPELINE_ENV);
    const err = collect();
    const code = await main(['send', '/nonexistent/in.ndjson'], {
      stdin: Readable.from([]),
      stdout: collect().stream,
      stderr: err.stream,
      env: d.env,
      now: () => 0,
    });
    expect(code).toBe(2);
    expect(err.text()).toContain('no such file: /nonexistent/in.ndjson');
  });

  it('rejects a --timestamp that is not a time, naming the flag', async () => {
    const d = await deployment('send-ts', PIPELINE_ENV);
    const err = collect();
    const code = await main(['send', '--timestamp', 'yesterday'], {
      stdin: Readable.from([]),
      stdout: collect().stream,
      stderr: err.stream,
      env: d.env,
      now: () => 0,
    });
    expect(code).toBe(2);
    expect(err.text()).toContain('--timestamp yesterday: expected epoch ms or ISO-8601');
  });
});
