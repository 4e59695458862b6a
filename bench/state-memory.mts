// Benchmark: the contact book a worker holds, as it restores it. N contact-book records of one
// portfolio (real entries: made by the worker's own processing of issue 11's mix, then made
// unique per contact) are restored into the worker's PortfolioProcessor through its own
// `assign` (decodeState with the real Avro codec, ContactBookState), in-process; reports the
// heap and RSS per entry. With `broker`, the records are first produced to a fresh compacted
// topic on KAFKA_BROKERS and restored from there by the runner's `restorePartitions`: the
// restore time of a worker taking over the partition.
//   npm run build && node --expose-gc bench/state-memory.mts [entries=200000] [memory|broker]
// (PACKING=off: every entry an object, as before the packing)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { decodeState, encodeState, statePacking } from './lib/own-state.mts';
import type * as ConfigModule from '../processors/applications/config.js';
import type * as WorkerModule from '../processors/applications/worker/index.js';
import type * as ProcessorModule from '../processors/applications/worker/portfolio-processor.js';
import type * as KafkaModule from '../processors/adapters/kafka/index.js';
import type * as LoggerModule from '../processors/adapters/logging/logger.js';
import type { InputRecord, OutputRecord } from '../processors/adapters/kafka/index.js';
import type { ContactEntry } from '../processors/domain/identity/entry.js';

const ROOT = join(import.meta.dirname, '..');
const built = async <T,>(path: string): Promise<T> =>
  (await import(join(ROOT, 'dist', 'processors', path))) as T;
const { loadConfig } = await built<typeof ConfigModule>('applications/config.js');
const { domainSettings } = await built<typeof WorkerModule>('applications/worker/index.js');
const { createPortfolioProcessor } = await built<typeof ProcessorModule>(
  'applications/worker/portfolio-processor.js',
);
const { createKafka, createSink, restorePartitions } =
  await built<typeof KafkaModule>('adapters/kafka/index.js');
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');

const total = Number(process.argv[2] ?? 200_000);
const mode = process.argv[3] ?? 'memory';
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const PORTFOLIO = 'pf-big';
const NUMBERS = 12;
const numberId = (n: number) => `1065403520${String(n).padStart(5, '0')}`;
const brokers = process.env['KAFKA_BROKERS'];
// `restore <run>`: the child that restores the topic `broker` produced, in a fresh process.
const run = mode === 'restore' ? (process.argv[4] ?? '') : `bench-state-${Date.now().toString(36)}`;
const config = loadConfig({
  WAI_PORTFOLIO_MAP: JSON.stringify({
    phoneNumbers: Object.fromEntries(
      Array.from({ length: NUMBERS }, (_, n) => [numberId(n), PORTFOLIO]),
    ),
  }),
  WAI_KEY_SECRET: 'bench-secret-of-enough-length',
  WAI_PARTITIONS: '1',
  WAI_TOPIC_PREFIX: `${run}.`,
  WAI_APP_ID: run,
  ...(brokers === undefined ? {} : { KAFKA_BROKERS: brokers }),
});
const domain = domainSettings(config);
const logger = createLogger({ level: 'warn' });

/** Real entries: what the resolver keeps for 20k users of issue 11's mix (a third phone-less). */
async function templates(): Promise<ContactEntry[]> {
  const p = createPortfolioProcessor({
    topics: config.topics,
    routing: domain.routing,
    resolver: domain.resolver,
    encode: {
      dataStream: () => Buffer.alloc(0),
      exportLog: () => Buffer.alloc(0),
      outboundResults: () => Buffer.alloc(0),
      contactBook: () => null,
    },
    decodeState: () => Promise.resolve(null),
    partitions: 1,
  });
  const tp = { topic: config.topics.input, partition: 0 };
  await p.assign([tp], {
    stage: 'b',
    logger,
    restore: () => Promise.resolve({ records: 0, endOffsets: new Map() }),
  });
  const batch: InputRecord[] = [];
  for (let i = 0; i < 40_000; i++) {
    const u = i % 20_000;
    const bsuid = `US.${String(1e15 + u)}`;
    const phone = String(16500000000 + u);
    const withPhone = u % 3 !== 0;
    const from = withPhone ? { from: phone, from_user_id: bsuid } : { from_user_id: bsuid };
    const contact = {
      profile: { name: `User ${u}` },
      user_id: bsuid,
      ...(withPhone ? { wa_id: phone } : {}),
    };
    const value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: numberId(i % NUMBERS) },
      contacts: [contact],
      messages: [
        {
          ...from,
          id: `wamid.${i}`,
          timestamp: String(1780000000 + i),
          type: 'text',
          text: { body: 'hi' },
        },
      ],
    };
    const text = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value }] }],
    });
    batch.push({
      topic: tp.topic,
      partition: 0,
      offset: String(i),
      key: Buffer.from(PORTFOLIO),
      value: Buffer.from(text),
      headers: {},
      timestamp: Date.parse('2026-12-01') + i,
    });
  }
  p.processBatch(batch, {
    ...tp,
    stage: 'b',
    logger,
    dlq: () => ({ topic: 'x', key: null, value: null }),
  });
  return [...(p.state(0)?.entries().values() ?? [])];
}

const base = mode === 'restore' ? [] : await templates();
/** Contact-book record i: template i mod T with every identifier made unique. */
function record(i: number): { key: string; value: Buffer } {
  const t = base[i % base.length] as ContactEntry;
  const c = Math.floor(i / base.length).toString(36);
  const u = (s: string | null) => (s === null ? null : `${s}x${c}`);
  const entry: ContactEntry = {
    ...t,
    userKey: `${t.userKey}x${c}`,
    bsuid: u(t.bsuid),
    supersededBy: u(t.supersededBy),
    phone: t.phone === null ? null : `${t.phone}${Math.floor(i / base.length)}`.slice(0, 15),
    recentEventIds: t.recentEventIds.map(
      (id) => `${id.slice(0, 24)}${i.toString(16).padStart(8, '0')}`,
    ),
  };
  return { key: `${PORTFOLIO}|${entry.userKey}`, value: encodeState(entry) };
}

function processor() {
  return createPortfolioProcessor({
    topics: config.topics,
    routing: domain.routing,
    resolver: domain.resolver,
    encode: {
      dataStream: () => Buffer.alloc(0),
      exportLog: () => Buffer.alloc(0),
      outboundResults: () => Buffer.alloc(0),
      contactBook: () => null,
    },
    decodeState: async (bytes) => (bytes === null ? null : decodeState(bytes)),
    partitions: 1,
    ...statePacking,
  });
}

const mib = (n: number) => Math.round(n / 2 ** 20);
gc();
const heap0 = process.memoryUsage().heapUsed;
const rss0 = process.memoryUsage().rss;
const p = processor();
const tp = { topic: config.topics.input, partition: 0 };
let seconds: number;
if (mode === 'memory') {
  const t0 = performance.now();
  await p.assign([tp], {
    stage: 'bench',
    logger,
    restore: async (_topic, _parts, apply) => {
      for (let i = 0; i < total; i++) {
        const r = record(i);
        await apply({
          topic: 'cb',
          partition: 0,
          offset: String(i),
          key: Buffer.from(r.key),
          value: r.value,
          headers: {},
          timestamp: 0,
        });
      }
      return { records: total, endOffsets: new Map([[0, String(total)]]) };
    },
  });
  seconds = (performance.now() - t0) / 1000;
} else if (mode === 'broker') {
  const client = createKafka(config, logger);
  const admin = await client.admin();
  const topic = config.topics.contactBook;
  await admin.createTopics([
    { name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact' } },
  ]);
  const sink = await createSink(client);
  const w0 = performance.now();
  for (let i = 0; i < total; i += 2000) {
    const chunk: OutputRecord[] = [];
    for (let j = i; j < Math.min(total, i + 2000); j++) {
      const r = record(j);
      chunk.push({ topic, key: r.key, value: r.value, partition: 0 });
    }
    await sink.send(chunk);
  }
  await sink.close();
  console.log(`produced ${total} records in ${((performance.now() - w0) / 1000).toFixed(1)} s`);
  // The restore runs in a fresh process, as a worker taking the partition over would.
  const child = spawn(
    process.execPath,
    ['--expose-gc', process.argv[1] ?? '', String(total), 'restore', run],
    { stdio: 'inherit', env: process.env },
  );
  await new Promise((r) => child.once('exit', r));
  await admin.deleteTopics([topic]).catch(() => undefined);
  await admin.disconnect();
  process.exit(0);
} else {
  const client = createKafka(config, logger);
  const t0 = performance.now();
  await p.assign([tp], {
    stage: 'bench',
    logger,
    restore: (t, partitions, apply, from) =>
      restorePartitions(client, { topic: t, partitions, apply, ...(from ? { from } : {}) }),
  });
  seconds = (performance.now() - t0) / 1000;
}
const peakRss = process.memoryUsage().rss;
gc();
const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
const entries = p.state(0)?.size ?? 0;
console.log(
  `state (${mode}): ${entries} entries restored in ${seconds.toFixed(1)} s (${Math.round(entries / seconds)}/s); ` +
    `heap +${mib(heapUsed - heap0)} MiB = ${Math.round((heapUsed - heap0) / entries)} B/entry; ` +
    `rss ${mib(rss)} MiB (+${mib(rss - rss0)}; ${mib(peakRss)} before the last gc); the process alone: ${mib(rss0)} MiB; heap total ${mib(heapTotal)} MiB, external ${mib(external)} MiB`,
);
