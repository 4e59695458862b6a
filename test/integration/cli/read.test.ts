// `wa-identity read` on the real broker: decoded records of every kind of topic, phones
// redacted unless --show-phones (which writes an audit line), ranges by time and by offset,
// following new records up to --to, and bad arguments named (exit 2).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { main } from '../../../processors/applications/cli/main.js';
import { useKafka } from '../../helpers/kafka.js';
import {
  BSUID,
  PHONE,
  PIPELINE_ENV,
  journey,
  metaInbound,
  rawInput,
} from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { readTopic, send, settled, usePipelineDeployments } from '../pipeline/harness.js';
import { testIo } from './cli-io.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

const T = Date.now() - 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
let d: PipelineDeployment;

beforeAll(async () => {
  d = await deployment('read', PIPELINE_ENV);
  await d.start();
  await send(kit, d, [
    ...journey(T),
    rawInput('{"not": "a delivery", "from": "16505550000"}', T + 60_000),
  ]);
  await settled(d);
});

interface View {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  headers: Record<string, unknown>;
  schemaId?: number;
  value: Record<string, unknown> | string | null;
}

async function read(
  args: string[],
): Promise<{ code: number; views: View[]; out: string; err: string }> {
  const io = testIo(d.env, Date.parse('2026-12-03T12:00:00Z'));
  const code = await main(['read', ...args], io);
  const out = io.out();
  const views = args.includes('table')
    ? []
    : out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as View);
  return { code, views, out, err: io.err() };
}

describe('wa-identity read', () => {
  it('prints every data-stream record decoded, phones redacted', async () => {
    const topicRecords = await readTopic(d, d.config.topics.dataStream);
    const { code, views, out, err } = await read(['data-stream']);
    expect(code).toBe(0);
    expect(views).toHaveLength(topicRecords.length);
    expect(views.map((v) => `${v.partition}@${v.offset}`).sort()).toEqual(
      topicRecords.map((r) => `${r.partition}@${r.offset}`).sort(),
    );
    const messages = views.map((v) => v.value as Record<string, unknown>);
    expect(messages).toContainEqual(
      expect.objectContaining({ messageId: 'wamid.J1', phone: '***34', bsuid: BSUID }),
    );
    expect(views.every((v) => typeof v.schemaId === 'number')).toBe(true);
    expect(out).not.toContain(PHONE);
    expect(err).toContain(
      `read: ${topicRecords.length} records from ${d.config.topics.dataStream}`,
    );
    expect(err).not.toContain('audit');
  });

  it('--show-phones prints them and writes an audit line without any phone', async () => {
    const { code, out, err } = await read(['export-log', '--show-phones']);
    expect(code).toBe(0);
    expect(out).toContain(PHONE);
    const audit = err.split('\n').find((l) => l.includes('"audit"'));
    expect(JSON.parse(audit ?? '{}')).toEqual({
      audit: 'show-phones',
      user: expect.any(String),
      host: expect.any(String),
      at: '2026-12-03T12:00:00.000Z',
      command: 'read',
      topic: d.config.topics.exportLog,
    });
    expect(err).not.toContain(PHONE);
  });

  it('shows the DLQ and the input log as text with their headers, redacted', async () => {
    const dlq = await read([d.config.topics.dlq]);
    expect(dlq.code).toBe(0);
    const bad = dlq.views.find((v) => typeof v.value === 'string' && v.value.includes('not'));
    expect(bad).toEqual(
      expect.objectContaining({
        value: '{"not": "a delivery", "from": "***00"}',
        headers: expect.objectContaining({ 'wai.error.code': 'WAI_UNKNOWN_ENVELOPE' }),
      }),
    );
    const input = await read(['input', '--format', 'table']);
    expect(input.code).toBe(0);
    expect(input.out.trim().split('\n')).toHaveLength(journey(T).length + 1);
    expect(input.out).not.toContain(PHONE);
  });

  it('reads a range by time and by offset, and follows up to --to', async () => {
    const all = (await read(['input'])).views;
    const byTime = await read(['input', '--from', iso(T + 2000), '--to', String(T + 5000)]);
    expect(byTime.views.map((v) => v.timestamp).sort()).toEqual(
      [T + 2000, T + 3000, T + 4000].map(iso),
    );
    const p = all[0]?.partition ?? 0;
    const inP = all.filter((v) => v.partition === p);
    const byOffset = await read(['input', '--from', 'offset:1', '--to', 'offset:3']);
    expect(byOffset.views.filter((v) => v.partition === p).map((v) => v.offset)).toEqual(
      inP.map((v) => v.offset).filter((o) => o === '1' || o === '2'),
    );
    // Following: records appended after the start are printed until Ctrl-C.
    const io = testIo(d.env);
    const followed = main(['read', 'input', '--follow', '--from', iso(T + 100_000)], io);
    await send(kit, d, [rawInput(metaInbound('wamid.F1', iso(T + 150_000), true), T + 150_000)]);
    const deadline = Date.now() + 30_000;
    while (!io.out().includes('wamid.F1') && Date.now() < deadline) await sleep(50);
    process.emit('SIGINT');
    expect(await followed).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as View).timestamp)).toEqual([iso(T + 150_000)]);
    expect(io.err()).toContain('read: 1 records from');
    expect(io.err()).toContain('(stopped)');
  });

  it.each([
    [['nope'], '<topic> nope: not a topic of this deployment'],
    [[], '<topic> is missing'],
    [['input', '--from', 'yesterday'], '--from yesterday: expected an ISO-8601 time'],
    [['input', '--from', 'offset:x'], '--from offset:x: expected offset:<n>'],
    [['input', '--from', iso(T), '--to', iso(T - 1)], `--to ${iso(T - 1)} is not after --from`],
    [['input', '--from', 'offset:5', '--to', 'offset:5'], '--to offset:5 is not after --from'],
    [['input', '--format', 'xml'], '--format xml: expected jsonl or table'],
    [['input', '--follow', '--to', iso(T)], '--to with --follow'],
    [['input', '--bogus'], 'unknown argument --bogus'],
  ])('rejects %j naming the argument (exit 2)', async (args, message) => {
    const { code, out, err } = await read(args);
    expect({ code, out, err }).toEqual({ code: 2, out: '', err: expect.stringContaining(message) });
  });
});
