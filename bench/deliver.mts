// Benchmark: `wa-identity deliver` to one local webhook endpoint.
//   throughput  a backlog of data-stream events (the worker has processed N generated input
//               records first) delivered by one `deliver` process: events/s from the first
//               request to the last, every event id received
//   latency     with the worker and deliver running, inputs appended at a steady rate; the
//               time each event takes from becoming visible on the data stream (a
//               read_committed consumer in this process sees it) to the endpoint: the latency
//               delivery adds, p50 / p99 / max
//   npm run build && node bench/deliver.mts [records=6000] [rate=100] [seconds=10]
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  ROOT,
  append,
  built,
  committed,
  deploy,
  ends,
  generateTraffic,
  percentile,
  sleep,
  startWorker,
  writeResult,
} from './lib/stack.mts';
import type * as KafkaModule from '../processors/adapters/kafka/index.js';
import type * as LoggerModule from '../processors/adapters/logging/logger.js';
import type * as RegistryModule from '../processors/adapters/avro/registry.js';
import type * as CodecsModule from '../processors/adapters/avro/topic-codecs.js';

const { createKafka, readRange } = await built<typeof KafkaModule>('adapters/kafka/index.js');
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');
const { createRegistryClient } = await built<typeof RegistryModule>('adapters/avro/registry.js');
const { createTopicCodecs } = await built<typeof CodecsModule>('adapters/avro/topic-codecs.js');

const records = Number(process.argv[2] ?? 6000);
const rate = Number(process.argv[3] ?? 100);
const seconds = Number(process.argv[4] ?? 10);
const traffic = generateTraffic({
  seed: 3,
  records: records + rate * seconds,
  portfolios: 3,
  usersPerPortfolio: 500,
});
const backlog = traffic.inputs.slice(0, records).map((i) => ({ value: i.value, timestamp: 0 }));
const live = traffic.inputs.slice(records).map((i) => ({ value: i.value, timestamp: 0 }));
const d = await deploy('bench-deliver', {
  WAI_PARTITIONS: '3',
  WAI_PORTFOLIO_MAP: JSON.stringify(traffic.portfolioMap),
});
const logger = createLogger({ level: 'warn' });
const client = createKafka(d.config, logger);
const codecs = await createTopicCodecs(createRegistryClient(d.config.registryUrl ?? ''), d.config);

async function caughtUp(): Promise<void> {
  for (;;) {
    const [c, e] = await Promise.all([committed(d), ends(d)]);
    if (e.every((end, i) => end === 0 || (c[i] ?? -1) >= end)) return;
    await sleep(200);
  }
}

// The endpoint: answers 204 at once and notes when each event id arrived.
const arrived = new Map<string, number>();
const firstAt = { at: Number.NaN };
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['wai-event-id'] ?? '');
    if (Number.isNaN(firstAt.at)) firstAt.at = Date.now();
    if (!arrived.has(id)) arrived.set(id, Date.now());
    res.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const { port } = server.address() as AddressInfo;

// Phase 1: the backlog through the worker, then deliver from the start of the data stream.
await append(d, backlog, null);
const worker = startWorker(d, 'w0');
await caughtUp();
const admin = await client.admin();
const offsets = await admin.partitionOffsets(d.config.topics.dataStream);
await admin.disconnect();
console.log(`worker caught up with ${backlog.length} input records; delivering…`);
const seen = new Map<string, number>();
const tail = new AbortController();
const tailing = readRange(client, {
  topic: d.config.topics.dataStream,
  from: new Map(offsets.map((o) => [o.partition, o.low])),
  to: new Map(),
  signal: tail.signal,
  apply: async (r) => {
    const e = await codecs.dataStream.decode(r.value ?? Buffer.alloc(0));
    if (!seen.has(e.eventId)) seen.set(e.eventId, Date.now());
  },
});
while (seen.size === 0) await sleep(100);
await sleep(1000);
const backlogEvents = seen.size;
const deliver = spawn(process.execPath, [join(ROOT, 'bin', 'wa-identity.js'), 'deliver'], {
  env: {
    ...process.env,
    ...d.env,
    BENCH_SECRET: 'bench-subscriber-secret-0123456789',
    WAI_SUBSCRIBERS: JSON.stringify([
      { id: 'bench', url: `http://127.0.0.1:${port}/hook`, secretEnv: 'BENCH_SECRET' },
    ]),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
while (arrived.size < backlogEvents) await sleep(50);
const throughputSeconds = (Math.max(...arrived.values()) - firstAt.at) / 1000;
const throughput = Math.round(backlogEvents / throughputSeconds);

// Phase 2: steady traffic while everything runs.
const before = new Set(arrived.keys());
await append(d, live, rate);
await caughtUp();
const deadline = Date.now() + 60_000;
while ([...seen.keys()].some((id) => !arrived.has(id)) && Date.now() < deadline) await sleep(100);
const added = [...seen]
  .filter(([id]) => !before.has(id) && arrived.has(id))
  .map(([id, at]) => (arrived.get(id) ?? at) - at)
  .sort((a, b) => a - b);

tail.abort();
await tailing;
deliver.kill('SIGTERM');
worker.child.kill('SIGTERM');
await worker.exited;
server.close();
await d.stop();

const result = {
  backlogEvents,
  throughputEventsPerSecond: throughput,
  liveRecordsPerSecond: rate,
  liveEvents: added.length,
  addedLatencyMs: {
    p50: percentile(added, 50),
    p99: percentile(added, 99),
    max: added.at(-1) ?? NaN,
  },
};
console.log(
  `deliver, one local endpoint: ${backlogEvents} events in ${throughputSeconds.toFixed(1)} s = ${throughput} events/s`,
);
console.log(
  `  added latency (data stream visible → endpoint) at ${rate} input records/s, ${added.length} events: ` +
    `p50 ${result.addedLatencyMs.p50} ms, p99 ${result.addedLatencyMs.p99} ms, max ${result.addedLatencyMs.max} ms`,
);
writeResult('deliver', result);
process.exit(0);
