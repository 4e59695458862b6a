// The read_committed verifier: follows a data-stream topic from its start, decodes every record
// with the registered data-stream schema (a record that is not Confluent-wire Avro of that
// subject fails the run), and notes per event id when it became visible here. A record's Kafka
// timestamp is its input record's append time (the worker, the naive loop and Kafka Streams all
// carry it over), so `visibleAt - timestamp` is raw append → data-stream visible.
import { built, type Deployment } from './stack.mts';
import type * as KafkaModule from '../../processors/adapters/kafka/index.js';
import type * as LoggerModule from '../../processors/adapters/logging/logger.js';
import type * as RegistryModule from '../../processors/adapters/avro/registry.js';
import type * as CodecsModule from '../../processors/adapters/avro/topic-codecs.js';

const { createKafka, readRange } = await built<typeof KafkaModule>('adapters/kafka/index.js');
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');
const { createRegistryClient } = await built<typeof RegistryModule>('adapters/avro/registry.js');
const { createTopicCodecs } = await built<typeof CodecsModule>('adapters/avro/topic-codecs.js');

export interface Verifier {
  /** Distinct event ids seen. */
  readonly distinct: () => number;
  /** Records seen whose event id was seen before. */
  readonly duplicates: () => number;
  readonly firstAt: () => number | null;
  /** When each distinct event was first seen, ascending. */
  visibleTimes(): number[];
  /** Append → visible, ms, of every first sighting at or after `since` (epoch ms). */
  latenciesSince(since: number): number[];
  /** Resolves once `count` distinct events are visible; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startVerifier(d: Deployment): Promise<Verifier> {
  const logger = createLogger({ level: 'warn' });
  const client = createKafka(d.config, logger);
  const codecs = await createTopicCodecs(
    createRegistryClient(d.config.registryUrl ?? ''),
    d.config,
  );
  const admin = await client.admin();
  const parts = await admin.partitionOffsets(d.config.topics.dataStream);
  await admin.disconnect();
  const seen = new Map<string, { at: number; latency: number }>();
  let duplicates = 0;
  let first: number | null = null;
  let failure: Error | null = null;
  const stop = new AbortController();
  const reading = readRange(client, {
    topic: d.config.topics.dataStream,
    from: new Map(parts.map((p) => [p.partition, '0'])),
    to: new Map(),
    signal: stop.signal,
    apply: async (r) => {
      const now = Date.now();
      const event = await codecs.dataStream.decode(r.value ?? Buffer.alloc(0));
      if (seen.has(event.eventId)) {
        duplicates += 1;
        return;
      }
      seen.set(event.eventId, { at: now, latency: now - r.timestamp });
      first ??= now;
    },
  }).catch((err: unknown) => {
    failure = err instanceof Error ? err : new Error(`verifier: ${JSON.stringify(err)}`);
  });
  return {
    distinct: () => seen.size,
    duplicates: () => duplicates,
    firstAt: () => first,
    visibleTimes: () => [...seen.values()].map((s) => s.at).sort((a, b) => a - b),
    latenciesSince: (since) =>
      [...seen.values()]
        .filter((s) => s.at >= since)
        .map((s) => s.latency)
        .sort((a, b) => a - b),
    async waitFor(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (seen.size < count) {
        if (failure !== null) throw failure;
        if (Date.now() > deadline)
          throw new Error(
            `verifier: ${seen.size} of ${count} events visible after ${timeoutMs} ms`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      stop.abort();
      await reading;
    },
  };
}
