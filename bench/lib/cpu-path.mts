// The CPU path alone, in this process: every delivery of the mix decoded, split, resolved
// against the portfolio's state and every output Avro-encoded on the Confluent wire format, as
// the worker does it (applications/worker/outputs.ts), without Kafka. Timed by CPU time, so the
// result is events per second per core; compared with JSON.parse of the same deliveries.
// Also counts the distinct data-stream events the worker makes of the mix, which the
// end-to-end runs wait for.
import { built } from './stack.mts';
import type { TopicCodecs } from '../../processors/adapters/avro/topic-codecs.js';
import type * as ConfigModule from '../../processors/applications/config.js';
import type * as WorkerModule from '../../processors/applications/worker/index.js';
import type * as ResolverModule from '../../processors/domain/identity/memory-resolver.js';
import type * as InputLogModule from '../../processors/domain/stream/input-log.js';
import type * as ProcessModule from '../../processors/domain/stream/process-input.js';

const { loadConfig } = await built<typeof ConfigModule>('applications/config.js');
const { domainSettings } = await built<typeof WorkerModule>('applications/worker/index.js');
const { createMemoryResolver } = await built<typeof ResolverModule>(
  'domain/identity/memory-resolver.js',
);
const { inputKeys, readInput } = await built<typeof InputLogModule>('domain/stream/input-log.js');
const { processInput } = await built<typeof ProcessModule>('domain/stream/process-input.js');

export interface CpuPathResult {
  deliveries: number;
  events: number;
  outputs: number;
  /** Distinct data-stream event ids (input events plus the identity changes resolve adds). */
  dataStreamEvents: number;
  cpuSeconds: number;
  eventsPerSecondPerCore: number;
  microsPerDelivery: number;
  jsonParseMicrosPerDelivery: number;
  /** CPU path cost of a delivery / JSON.parse cost of the same delivery. */
  ratioToJsonParse: number;
}

const PARSE_CPU_SECONDS = 1;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

export function measureCpuPath(
  lines: readonly string[],
  portfolioMap: unknown,
  codecs: TopicCodecs,
): CpuPathResult {
  const domain = domainSettings(
    loadConfig({
      WAI_PORTFOLIO_MAP: JSON.stringify(portfolioMap),
      WAI_KEY_SECRET: 'bench-secret-of-enough-length',
    }),
  );
  const timestamp = Date.parse('2026-12-01T00:00:00Z');
  // Warm-up (untimed, on a state thrown away): the JIT has compiled the path before timing.
  const warm = createMemoryResolver(domain.resolver);
  for (const text of lines.slice(0, 20_000)) {
    const read = readInput(text, timestamp, domain.routing);
    for (const key of inputKeys(read)) {
      for (const r of processInput(warm, { key, text, timestamp }, domain.routing, read).outputs)
        if (r.topic === 'data-stream') codecs.dataStream.encode(r.value);
      warm.state.commit();
    }
  }
  const resolver = createMemoryResolver(domain.resolver);
  const ids = new Set<string>();
  let events = 0;
  let outputs = 0;
  const started = process.cpuUsage();
  for (const text of lines) {
    const read = readInput(text, timestamp, domain.routing);
    for (const key of inputKeys(read)) {
      const out = processInput(resolver, { key, text, timestamp }, domain.routing, read);
      resolver.state.commit();
      events += out.events;
      for (const r of out.outputs) {
        outputs += 1;
        switch (r.topic) {
          case 'data-stream':
            codecs.dataStream.encode(r.value);
            ids.add(r.value.eventId);
            break;
          case 'export-log':
            codecs.exportLog.encode(r.value);
            break;
          case 'outbound':
            codecs.outboundResults.encode(r.value);
            break;
          case 'contact-book':
            codecs.contactBook.encode(r.value);
            break;
        }
      }
    }
  }
  const seconds = cpuSeconds(started);
  let sink = 0;
  for (const text of lines.slice(0, 20_000)) sink += text.length > 0 ? 1 : 0;
  // JSON.parse alone is quick: repeated over the deliveries for at least PARSE_CPU_SECONDS.
  const parseStarted = process.cpuUsage();
  let passes = 0;
  do {
    for (const text of lines) sink += (JSON.parse(text) as { entry: unknown[] }).entry.length;
    passes += 1;
  } while (cpuSeconds(parseStarted) < PARSE_CPU_SECONDS);
  const parseSeconds = cpuSeconds(parseStarted) / passes;
  if (sink === 0 && lines.length > 0) throw new Error('cpu path: deliveries without entries');
  const n = Math.max(1, lines.length);
  return {
    deliveries: lines.length,
    events,
    outputs,
    dataStreamEvents: ids.size,
    cpuSeconds: seconds,
    eventsPerSecondPerCore: Math.round(events / seconds),
    microsPerDelivery: (seconds * 1e6) / n,
    jsonParseMicrosPerDelivery: (parseSeconds * 1e6) / n,
    ratioToJsonParse: seconds / Math.max(parseSeconds, 1e-9),
  };
}
