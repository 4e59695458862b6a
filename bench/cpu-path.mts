// Benchmark: the worker's CPU path alone, in-process, no broker: N generated deliveries as the
// runner hands them over (key, UTF-8 bytes, partition) → the worker's PortfolioProcessor
// (decode, split, resolve, encode every output with the real Avro codecs of schemas/) →
// output records. Reports events/s on one core and the ratio to JSON.parse of the same bytes.
// The mix is issue 11's: 60% inbound messages (a third without the phone), 30% statuses, 10%
// two-message deliveries; users and business numbers spread over the portfolios/partitions.
//   npm run build && node bench/cpu-path.mts [deliveries=200000] [users=100000] [partitions=6]
// With --cpu-prof the profile lands in the working directory (node --cpu-prof bench/...).
import { join } from 'node:path';
import { encodeState, statePacking } from './lib/own-state.mts';
import type * as ConfigModule from '../processors/applications/config.js';
import type * as WorkerModule from '../processors/applications/worker/index.js';
import type * as ProcessorModule from '../processors/applications/worker/portfolio-processor.js';
import type * as CatalogModule from '../processors/adapters/avro/catalog.js';
import type * as RegistryModule from '../processors/adapters/avro/registry.js';
import type * as RecordsModule from '../processors/adapters/avro/records/index.js';
import type * as KafkaModule from '../processors/adapters/kafka/index.js';
import type * as LoggerModule from '../processors/adapters/logging/logger.js';
import type { InputRecord, OutputRecord } from '../processors/adapters/kafka/index.js';

const ROOT = join(import.meta.dirname, '..');
const built = async <T,>(path: string): Promise<T> =>
  (await import(join(ROOT, 'dist', 'processors', path))) as T;
const { loadConfig } = await built<typeof ConfigModule>('applications/config.js');
const { domainSettings } = await built<typeof WorkerModule>('applications/worker/index.js');
const { createPortfolioProcessor } = await built<typeof ProcessorModule>(
  'applications/worker/portfolio-processor.js',
);
const { latestVersion } = await built<typeof CatalogModule>('adapters/avro/catalog.js');
const { AvroCodec } = await built<typeof RegistryModule>('adapters/avro/registry.js');
const { recordMappers } = await built<typeof RecordsModule>('adapters/avro/records/index.js');
const { partitionForKey } = await built<typeof KafkaModule>('adapters/kafka/index.js');
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');

const deliveries = Number(process.argv[2] ?? 200_000);
const users = Number(process.argv[3] ?? 100_000);
const partitions = Number(process.argv[4] ?? 6);
const NUMBERS = 12;
const start = Date.parse('2026-06-01T00:00:00Z') / 1000;

// Portfolio p owns numbers p, p+P, …; portfolio ids chosen to hash to partition p.
const portfolioIds: string[] = [];
for (let n = 0; portfolioIds.length < partitions; n++) {
  const id = `pf-${n}`;
  if (partitionForKey(id, partitions) === portfolioIds.length) portfolioIds.push(id);
}
const portfolioOf = (n: number): string => portfolioIds[n % partitions] ?? '';
const numberId = (n: number) => `1065403520${String(n).padStart(5, '0')}`;
const map = { wabas: {} as Record<string, string>, phoneNumbers: {} as Record<string, string> };
for (let n = 0; n < NUMBERS; n++) map.phoneNumbers[numberId(n)] = portfolioOf(n);

let seed = 7;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
function delivery(i: number): { portfolio: string; text: string } {
  const n = Math.floor(rnd() * NUMBERS);
  const u = Math.floor(rnd() * users);
  const bsuid = `US.${String(1e15 + u)}`;
  const phone = String(16500000000 + u);
  const withPhone = u % 3 !== 0;
  const kind = rnd();
  const ts = String(start + i);
  const metadata = { display_phone_number: '15550783881', phone_number_id: numberId(n) };
  const contact = {
    profile: { name: `User ${u}` },
    user_id: bsuid,
    ...(withPhone ? { wa_id: phone } : {}),
  };
  const from = withPhone ? { from: phone, from_user_id: bsuid } : { from_user_id: bsuid };
  const text = (k: number) => ({
    ...from,
    id: `wamid.${i}.${k}`,
    timestamp: ts,
    type: 'text',
    text: { body: 'hi' },
  });
  let value: Record<string, unknown>;
  if (kind < 0.6) value = { contacts: [contact], messages: [text(0)] };
  else if (kind < 0.9) {
    const to = withPhone ? { recipient_id: phone } : { recipient_user_id: bsuid };
    value = { statuses: [{ id: `wamid.o${i}`, status: 'delivered', timestamp: ts, ...to }] };
  } else value = { contacts: [contact], messages: [text(0), text(1)] };
  const envelope = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          { field: 'messages', value: { messaging_product: 'whatsapp', metadata, ...value } },
        ],
      },
    ],
  };
  return { portfolio: portfolioOf(n), text: JSON.stringify(envelope) };
}

const config = loadConfig({
  WAI_PORTFOLIO_MAP: JSON.stringify(map),
  WAI_KEY_SECRET: 'bench-secret-of-enough-length',
  WAI_PARTITIONS: String(partitions),
});
const domain = domainSettings(config);
// The registry is only asked when decoding another writer's record: encoding never calls it.
const codec = <D,>(dir: string, id: number, mapper: { toAvro: (v: D) => unknown }) => {
  const avro = new AvroCodec<unknown>(null as never, latestVersion(dir).type, id);
  return (v: D) => avro.encode(mapper.toAvro(v));
};
const processor = createPortfolioProcessor({
  topics: config.topics,
  routing: domain.routing,
  resolver: domain.resolver,
  encode: {
    dataStream: codec('whatsapp.data-stream-value', 1, recordMappers.dataStream),
    exportLog: codec('whatsapp.export-log-value', 2, recordMappers.exportLog),
    outboundResults: codec('whatsapp.outbound.results-value', 3, recordMappers.outboundResults),
    contactBook: (v) => (v === null ? null : encodeState(v)),
  },
  decodeState: () => Promise.reject(new Error('nothing to restore')),
  partitions,
  ...statePacking,
});
const logger = createLogger({ level: 'warn' });
const tps = portfolioIds.map((_, partition) => ({ topic: config.topics.input, partition }));
await processor.assign(tps, {
  stage: 'bench',
  logger,
  restore: () => Promise.resolve({ records: 0, endOffsets: new Map() }),
});

const batches: InputRecord[][] = portfolioIds.map(() => []);
const batchOf = (p: number): InputRecord[] => batches[p] ?? [];
let bytes = 0;
for (let i = 0; i < deliveries; i++) {
  const { portfolio, text } = delivery(i);
  const partition = partitionForKey(portfolio, partitions);
  const value = Buffer.from(text);
  bytes += value.length;
  batchOf(partition).push({
    topic: config.topics.input,
    partition,
    offset: String(batchOf(partition).length),
    key: Buffer.from(portfolio),
    value,
    headers: {},
    timestamp: Date.parse('2026-12-01T00:00:00Z') + i,
  });
}

const CHUNK = 500; // records per processBatch call, as the runner's transactions take them
const cpu = () => process.cpuUsage().user + process.cpuUsage().system;
let dlq = 0;
const ctx = (partition: number) => ({
  stage: 'bench',
  topic: config.topics.input,
  partition,
  logger,
  dlq: (record: InputRecord): OutputRecord => {
    dlq += 1;
    return { topic: config.topics.dlq, key: record.key, value: record.value };
  },
});
const counts = new Map<string, number>();
const t0 = performance.now();
const c0 = cpu();
for (let p = 0; p < partitions; p++) {
  const all = batchOf(p);
  for (let i = 0; i < all.length; i += CHUNK) {
    for (const r of processor.processBatch(all.slice(i, i + CHUNK), ctx(p))) {
      counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
    }
  }
}
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = (cpu() - c0) / 1e6;

const p0 = cpu();
for (const batch of batches) for (const r of batch) JSON.parse(String(r.value));
const parseSeconds = (cpu() - p0) / 1e6;

const events = counts.get(config.topics.dataStream) ?? 0;
const mem = process.memoryUsage();
console.log(
  [
    `cpu path: ${deliveries} deliveries (${Math.round(bytes / deliveries)} B avg), ${users} users, ${partitions} partitions`,
    `  outputs: ${[...counts].map(([t, n]) => `${t.replace(config.topicPrefix, '')} ${n}`).join(', ')}; dlq ${dlq}`,
    `  ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s cpu: ${Math.round(events / cpuSeconds)} events/s/core, ${Math.round(deliveries / cpuSeconds)} deliveries/s/core`,
    `  JSON.parse of the same bytes: ${Math.round(deliveries / parseSeconds)} deliveries/s/core; cpu path / JSON.parse = 1/${(cpuSeconds / parseSeconds).toFixed(1)} (cpu time)`,
    `  state: ${[...Array(partitions).keys()].reduce((n, p) => n + (processor.state(p)?.size ?? 0), 0)} entries; heap ${Math.round(mem.heapUsed / 2 ** 20)} MiB, rss ${Math.round(mem.rss / 2 ** 20)} MiB`,
  ].join('\n'),
);
