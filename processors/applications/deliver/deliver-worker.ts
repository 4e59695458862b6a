// The delivery worker: one consumer group per subscriber (`<appId>-deliver-<id>`), so a slow
// or failing subscriber never holds back another, each reading the data stream
// read_committed. Within a batch of one partition, each user's events (the record key) go out
// in order, one after the other, while different users go out concurrently; the batch's
// offsets are committed once every event is delivered or dead-lettered, so a crash replays
// the rest (at-least-once: a receiver de-duplicates on the event id). An event the endpoint
// never accepted goes to `<prefix>deliver.dlq.<id>` with its original bytes and the last
// answer; `wa-identity deliver --resend <id>` sends those again (resend.ts).
import type { NormalizedEvent } from '../../domain/events/event.js';
import { wants } from '../../domain/delivery/subscribers.js';
import { toWaiError } from '../../domain/errors.js';
import {
  createSink,
  runAtLeastOnce,
  type AtLeastOnceConsumer,
  type InputRecord,
  type KafkaClient,
  type OutputRecord,
  type Sink,
} from '../../adapters/kafka/index.js';
import type { TopicCodec } from '../../adapters/avro/topic-codecs.js';
import type { DeliverMetrics } from '../../adapters/metrics/deliver-metrics.js';
import type { Logger } from '../../adapters/logging/logger.js';
import type { AppConfig } from '../config.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { DeliverSettings, SubscriberSettings } from './deliver-config.js';
import { deliverEvent, type Delivery, type EndpointDeps } from './endpoint.js';

export const DELIVER_HEADERS = {
  subscriber: 'wai.deliver.subscriber',
  attempts: 'wai.deliver.attempts',
  status: 'wai.deliver.last-status',
  detail: 'wai.deliver.last-response',
  source: 'wai.deliver.source',
} as const;

export function deliverDlqTopic(prefix: string, subscriberId: string): string {
  return `${prefix}deliver.dlq.${subscriberId}`;
}

export interface DeliverContext {
  config: AppConfig;
  settings: DeliverSettings;
  client: KafkaClient;
  dataStream: Pick<TopicCodec<NormalizedEvent>, 'decode'>;
  metrics: DeliverMetrics;
  logger: Logger;
  now: () => number;
  random: () => number;
}

export type DeliverOptions = DeliverContext;

export interface DeliverWorker {
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(lanes);
}

function byKey(records: readonly InputRecord[]): InputRecord[][] {
  const chains = new Map<string, InputRecord[]>();
  for (const r of records) {
    const key = r.key?.toString('base64') ?? '';
    const chain = chains.get(key);
    if (chain === undefined) chains.set(key, [r]);
    else chain.push(r);
  }
  return [...chains.values()];
}

function deadLetter(
  topic: string,
  sub: SubscriberSettings,
  record: InputRecord,
  delivery: Exclude<Delivery, { outcome: 'delivered' }>,
): OutputRecord {
  return {
    topic,
    key: record.key,
    value: record.value,
    timestamp: record.timestamp,
    headers: {
      [DELIVER_HEADERS.subscriber]: sub.id,
      [DELIVER_HEADERS.attempts]: String(delivery.attempts),
      [DELIVER_HEADERS.status]: delivery.status === null ? 'none' : String(delivery.status),
      [DELIVER_HEADERS.detail]: delivery.detail,
      [DELIVER_HEADERS.source]: `${record.topic}@${record.partition}:${record.offset}`,
    },
  };
}

export type BatchHandler = (
  records: readonly InputRecord[],
  heartbeat: () => Promise<void>,
) => Promise<void>;

/** Delivers one batch to one subscriber: users in parallel, each user's events in order. */
export function subscriberHandler(
  o: DeliverContext,
  sub: SubscriberSettings,
  sink: Sink,
  signal: AbortSignal,
): BatchHandler {
  const breaker = new CircuitBreaker(o.settings.breaker, (open) => {
    o.metrics.breakerOpen(sub.id, open);
    o.logger.warn(
      { subscriber: sub.id, open },
      open ? 'circuit opened: endpoint failing' : 'circuit closed',
    );
  });
  o.metrics.breakerOpen(sub.id, false);
  const deps: EndpointDeps = {
    backoff: o.settings.backoff,
    breaker,
    metrics: o.metrics,
    signal,
    now: o.now,
    random: o.random,
  };
  const dlq = deliverDlqTopic(o.config.topicPrefix, sub.id);
  const one = async (record: InputRecord): Promise<void> => {
    const event = record.value === null ? null : await o.dataStream.decode(record.value);
    if (event === null || !wants(sub, event)) {
      o.metrics.outcome(sub.id, 'skipped');
      return;
    }
    const delivery = await deliverEvent(sub, event, deps);
    if (delivery.outcome === 'delivered') {
      o.metrics.outcome(sub.id, 'delivered');
      return;
    }
    await sink.send([deadLetter(dlq, sub, record, delivery)]);
    o.metrics.outcome(sub.id, 'dead_lettered');
    o.logger.warn(
      {
        subscriber: sub.id,
        eventId: event.eventId,
        attempts: delivery.attempts,
        status: delivery.status,
      },
      'event dead-lettered',
    );
  };
  return async (records: readonly InputRecord[], heartbeat: () => Promise<void>) => {
    await pool(byKey(records), o.settings.concurrency, async (chain) => {
      for (const record of chain) {
        await one(record);
        await heartbeat();
      }
    });
  };
}

/** Every subscriber's dead-letter topic, created when missing (idempotent). */
export async function ensureDlqTopics(o: DeliverContext): Promise<void> {
  const admin = await o.client.admin();
  try {
    await admin.createTopics(
      o.settings.subscribers.map((s) => ({
        name: deliverDlqTopic(o.config.topicPrefix, s.id),
        partitions: o.config.partitions,
        replicationFactor: o.config.replicationFactor,
      })),
    );
  } finally {
    await admin.disconnect();
  }
}

export async function startDeliver(o: DeliverOptions): Promise<DeliverWorker> {
  await ensureDlqTopics(o);
  const sink = await createSink(o.client);
  const aborter = new AbortController();
  const consumers: AtLeastOnceConsumer[] = [];

  try {
    for (const sub of o.settings.subscribers) {
      consumers.push(
        await runAtLeastOnce({
          client: o.client,
          groupId: `${o.config.appId}-deliver-${sub.id}`,
          topic: o.config.topics.dataStream,
          sessionTimeoutMs: o.config.group.sessionTimeoutMs,
          handle: subscriberHandler(o, sub, sink, aborter.signal),
        }),
      );
    }
  } catch (err) {
    await Promise.allSettled(consumers.map((c) => c.stop()));
    await sink.close();
    throw toWaiError(err);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const stopped = Promise.allSettled(consumers.map((c) => c.stop()));
      aborter.abort();
      await stopped;
      await sink.close();
    })());
  const done = Promise.all(consumers.map((c) => c.done)).then(
    () => undefined,
    async (err: unknown) => {
      await stop();
      throw err;
    },
  );
  return { stop, done };
}
