// `wa-identity replay` on the real broker. Side by side: the input log of a deployment that
// processed every fixture and a customer journey is replayed into a fresh deployment; from
// the start its outputs equal the original's byte for byte, and from a time in the middle
// they equal the original's records of inputs from that time on (the earlier ones only
// rebuilt the contact book, which ends identical). In place: refused while the worker group
// has a live member; otherwise the group's offsets move to --from and the workers catch up
// again. --dry-run changes nothing; bad arguments are named.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { main } from '../../../processors/applications/cli/main.js';
import { useKafka } from '../../helpers/kafka.js';
import { fixtureInput, fixtureNames, journey } from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import {
  outputBytes,
  readTopic,
  recent,
  send,
  settled,
  usePipelineDeployments,
} from '../pipeline/harness.js';
import { testIo } from './cli-io.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
let source: PipelineDeployment;
let times: number[];

beforeAll(async () => {
  const base = Date.UTC(2026, 5, 1);
  const inputs = recent([
    ...fixtureNames().map((name, i) => fixtureInput(name, base + i * 1000)),
    ...journey(base + 100_000),
  ]);
  source = await deployment('replay-src');
  await send(kit, source, inputs);
  const worker = await source.start();
  await settled(source);
  await worker.stop();
  // Record times of the input log (a delivery of two portfolios is two records).
  times = (await readTopic(source, source.config.topics.input)).map((r) => r.timestamp).sort();
}, 120_000);

async function replay(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo(source.env);
  const code = await main(['replay', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

type Bytes = Record<string, Record<string, string[]>>;

/** The original's records of inputs at or after `fromMs`; the contact book as it ended. */
function from(bytes: Bytes, fromMs: number): Bytes {
  return Object.fromEntries(
    Object.entries(bytes).map(([topic, byKey]) => {
      if (topic === 'contactBook') return [topic, byKey];
      const kept = Object.entries(byKey)
        .map(([key, records]): [string, string[]] => [
          key,
          records.filter((r) => (JSON.parse(r) as [number, number])[1] >= fromMs),
        ])
        .filter(([, records]) => records.length > 0);
      return [topic, Object.fromEntries(kept)];
    }),
  );
}

describe('wa-identity replay, side by side', () => {
  it('from the start: the new deployment gives the same records, byte for byte', async () => {
    const target = await deployment('replay-all');
    const { code, out, err } = await replay([
      '--from',
      '0',
      '--into',
      target.prefix,
      '--into-app-id',
      target.config.appId,
    ]);
    expect(code).toBe(0);
    expect(out).toContain(`${source.config.topics.input} → ${target.config.topics.input}`);
    expect(err).toContain(`${times.length} records copied`);
    expect(err).toContain(`(0 warm-up, ${times.length} replayed`);
    await target.start();
    await settled(target);
    const before = await outputBytes(source);
    expect(await outputBytes(target)).toEqual(before);
    expect(Object.keys(before['dataStream'] ?? {}).length).toBeGreaterThan(5);
  });

  it('from a time: only later inputs publish again, on the same rebuilt contact book', async () => {
    const cut = times[Math.floor(times.length / 2)] ?? 0;
    expect(new Set(times).size).toBeGreaterThan(10);
    const earlier = times.filter((t) => t < cut).length;
    const target = await deployment('replay-mid');
    const { code, err } = await replay([
      '--from',
      new Date(cut).toISOString(),
      '--into',
      target.prefix,
      '--into-app-id',
      target.config.appId,
    ]);
    expect(code).toBe(0);
    expect(err).toContain(`(${earlier} warm-up, ${times.length - earlier} replayed`);
    await target.start();
    await settled(target);
    const expected = from(await outputBytes(source), cut);
    const actual = await outputBytes(target);
    expect(actual).toEqual(expected);
    expect(Object.keys(actual['dataStream'] ?? {}).length).toBeGreaterThan(2);
  });

  it('--dry-run prints the plan and creates nothing; a used or same target is refused', async () => {
    const target = await deployment('replay-dry');
    await send(kit, target, [{ value: '{}', line: '{}', timestamp: Date.now() }]);
    const used = await replay(['--from', '0', '--into', target.prefix, '--into-app-id', 'x-new']);
    expect(used.code).toBe(2);
    expect(used.err).toContain('replay into a new --into prefix');
    const same = await replay(['--from', '0', '--into', source.prefix, '--into-app-id', 'x-new']);
    expect(same.code).toBe(2);
    expect(same.err).toContain('--into must differ from WAI_TOPIC_PREFIX');

    const fresh = `${target.prefix}fresh.`;
    const dry = await replay([
      '--from',
      '0',
      '--into',
      fresh,
      '--into-app-id',
      'x-dry',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/partition\s+log start\s+--from at\s+end/);
    expect(dry.out).toMatch(new RegExp(`total.*\\b${times.length}\\b`));
    const admin = kit.kafka.admin();
    await admin.connect();
    const topics = await admin.listTopics();
    await admin.disconnect();
    expect(topics.filter((t) => t.startsWith(fresh))).toEqual([]);
  });

  it('names bad arguments', async () => {
    expect((await replay([])).err).toContain('--from is required');
    expect((await replay(['--from', 'yesterday'])).err).toContain('--from yesterday');
    expect((await replay(['--from', '0'])).err).toContain('--into');
    expect((await replay(['--from', '0', '--into', 'p.'])).err).toContain('--into-app-id');
    const both = await replay(['--from', '0', '--in-place', '--into', 'p.']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('pick one');
    expect((await replay(['--from', '0', '--in-place', '--to', '1'])).err).toContain('--to');
  });
});

describe('wa-identity replay, in place', () => {
  it('is refused while a worker runs, then moves the group back to --from', async () => {
    const cut = times[times.length - 4] ?? 0;
    const again = times.filter((t) => t >= cut).length;
    const worker = await source.start();
    await settled(source);
    const refused = await replay(['--from', String(cut), '--in-place', '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/refusing: consumer group \S+ has 1 live member/);
    await worker.stop();

    const unconfirmed = await replay(['--from', String(cut), '--in-place']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain('pass --yes');

    const dry = await replay(['--from', String(cut), '--in-place', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(new RegExp(`total\\s+${again}\\s*$`, 'm'));

    const done = await replay(['--from', String(cut), '--in-place', '--yes']);
    expect(done.code).toBe(0);
    expect(done.err).toContain(`to reprocess ${again} records`);
    const log = await readTopic(source, source.config.topics.input);
    const expected = new Map<number, bigint>();
    for (const r of log) {
      const at = BigInt(r.offset);
      if (r.timestamp >= cut && (expected.get(r.partition) ?? at + 1n) > at) {
        expected.set(r.partition, at);
      }
    }
    const admin = await source.client.admin();
    const group = `${source.config.appId}-normalize`;
    const committed = await admin.committedOffsets(group, source.config.topics.input, [
      ...expected.keys(),
    ]);
    await admin.disconnect();
    expect(new Map([...committed].map(([p, o]) => [p, BigInt(o ?? -1)]))).toEqual(expected);

    await source.start();
    await settled(source);
  });
});
