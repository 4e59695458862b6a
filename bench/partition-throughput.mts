// Benchmark: what one input-log partition sustains, which is the ceiling of one portfolio
// (a portfolio's records are one partition's, processed in order by one worker). A backlog of
// generated traffic (inbound messages with and without the phone, statuses, identity changes,
// contact cards, outbound requests, admin commands, redeliveries) is appended to a
// one-partition deployment, then one worker is started and timed until it has committed the
// whole log, exactly-once (one transaction per chunk), Avro outputs, contact book written.
//   npm run build && node bench/partition-throughput.mts [records=30000]
import {
  append,
  built,
  committed,
  deploy,
  ends,
  generateTraffic,
  sleep,
  startWorker,
  writeResult,
} from './lib/stack.mts';
import type * as ConfigModule from '../processors/applications/config.js';
import type * as WorkerModule from '../processors/applications/worker/index.js';
import type * as ResolverModule from '../processors/domain/identity/memory-resolver.js';
import type * as InputLogModule from '../processors/domain/stream/input-log.js';
import type * as ProcessModule from '../processors/domain/stream/process-input.js';

const { loadConfig } = await built<typeof ConfigModule>('applications/config.js');
const { domainSettings } = await built<typeof WorkerModule>('applications/worker/index.js');
const { createMemoryResolver } = await built<typeof ResolverModule>(
  'domain/identity/memory-resolver.js',
);
const { inputKeys, readInput } = await built<typeof InputLogModule>('domain/stream/input-log.js');
const { processInput } = await built<typeof ProcessModule>('domain/stream/process-input.js');

const records = Number(process.argv[2] ?? 30_000);
const traffic = generateTraffic({ seed: 9, records, portfolios: 1, usersPerPortfolio: 2000 });
const map = JSON.stringify(traffic.portfolioMap);

// How many events the backlog holds (the same computation, in memory).
const domain = domainSettings(
  loadConfig({ WAI_PORTFOLIO_MAP: map, WAI_KEY_SECRET: 'bench-secret-of-enough-length' }),
);
const resolver = createMemoryResolver(domain.resolver);
let events = 0;
for (const input of traffic.inputs) {
  const read = readInput(input.value, input.timestamp, domain.routing);
  for (const key of inputKeys(read)) {
    const out = processInput(
      resolver,
      { key, text: input.value, timestamp: input.timestamp },
      domain.routing,
      read,
    );
    resolver.state.commit();
    events += out.outputs.filter((o) => o.topic === 'data-stream').length;
  }
}

const d = await deploy('bench-partition', { WAI_PARTITIONS: '1', WAI_PORTFOLIO_MAP: map });
await append(
  d,
  traffic.inputs.map((i) => ({ value: i.value, timestamp: 0 })),
  null,
);
const [end] = await ends(d);
const started = Date.now();
const worker = startWorker(d, 'w0');
let first: number | null = null;
for (;;) {
  const [at] = await committed(d);
  if (first === null && (at ?? -1) > 0) first = Date.now();
  if ((at ?? -1) >= (end ?? 0)) break;
  if (Date.now() - started > 600_000) throw new Error(`not caught up: ${at} of ${end}`);
  await sleep(100);
}
const doneAt = Date.now();
worker.child.kill('SIGTERM');
await worker.exited;
await d.stop();

const seconds = (doneAt - (first ?? started)) / 1000;
const result = {
  records,
  events,
  startupMs: (first ?? started) - started,
  seconds,
  recordsPerSecond: Math.round(records / seconds),
  eventsPerSecond: Math.round(events / seconds),
};
console.log(
  `one partition, one worker: ${records} input records (${events} events) in ${seconds.toFixed(1)} s after a ${result.startupMs} ms start`,
);
console.log(
  `  ${result.recordsPerSecond} input records/s, ${result.eventsPerSecond} events/s, exactly-once, Avro, contact book written`,
);
writeResult('partition', result);
