// The split and resolve processors wired together over the broker-free topics, configured
// from an environment the way `startPipeline` configures them from loadConfig.
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import type { AssignContext, InputRecord } from '../../../processors/adapters/kafka/index.js';
import { loadConfig, type Env } from '../../../processors/applications/config.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import { ResolveProcessor } from '../../../processors/applications/worker/resolve-kafka-stage.js';
import { createSplitProcessor } from '../../../processors/applications/worker/split-kafka-stage.js';
import {
  codecs,
  decodeItem,
  decodeState,
  encoders,
  settle,
  SimStage,
  SimTopics,
  TOPICS,
} from './kafka-sim.js';
import type { DomainRecord, PipelineInput } from './reference.js';

export interface SimPipeline {
  topics: SimTopics;
  resolver: ResolveProcessor;
  /** Produces one input and runs both stages until idle. */
  feed(input: PipelineInput): Promise<void>;
  /** A fresh resolve processor assigned `partitions`, restored from the contact book. */
  restoredResolver(partitions: readonly number[]): Promise<ResolveProcessor>;
  /** Everything on the output topics, decoded. */
  records(): DomainRecord[];
}

export function header(r: InputRecord, name: string): string | undefined {
  const v = r.headers[name];
  return v === undefined ? undefined : (Buffer.isBuffer(v) ? v : v[0])?.toString();
}

export async function simPipeline(env: Env, partitions: number): Promise<SimPipeline> {
  const domain = domainSettings(loadConfig(env));
  const topics = new SimTopics(partitions);
  const newResolver = () =>
    new ResolveProcessor({
      topics: TOPICS,
      config: domain.resolver,
      encode: encoders,
      decodeItem,
      decodeState,
      identityPartitions: partitions,
    });
  const assignCtx: AssignContext = {
    stage: 'resolve',
    logger: createLogger({ level: 'silent' }),
    async restore(topic, numbers, apply) {
      let records = 0;
      for (const p of numbers) {
        for (const r of topics.log(topic)[p] ?? []) {
          await apply(r);
          records += 1;
        }
      }
      return { records, endOffsets: new Map() };
    },
  };
  const all = Array.from({ length: partitions }, (_, partition) => ({
    topic: TOPICS.identityEvents,
    partition,
  }));
  const resolver = newResolver();
  await resolver.assign(all, assignCtx);
  const split = createSplitProcessor({
    topics: TOPICS,
    split: domain.split,
    resolver: domain.resolver,
    encode: encoders.identityEvents,
    identityPartitions: partitions,
  });
  const stages = [
    new SimStage('split', split, [TOPICS.raw, TOPICS.outboundRequests], topics),
    new SimStage('resolve', resolver, [TOPICS.identityEvents], topics),
  ];
  return {
    topics,
    resolver,
    async feed(input) {
      const topic = input.topic === 'raw' ? TOPICS.raw : TOPICS.outboundRequests;
      topics.produce([
        { topic, key: null, value: input.value, partition: 0, timestamp: input.timestamp },
      ]);
      await settle(stages);
    },
    async restoredResolver(numbers) {
      const fresh = newResolver();
      const tps = numbers.map((partition) => ({ topic: TOPICS.identityEvents, partition }));
      await fresh.assign(tps, assignCtx);
      return fresh;
    },
    records() {
      const out: DomainRecord[] = [];
      const key = (r: InputRecord) => r.key?.toString() ?? null;
      const value = (r: InputRecord) => r.value as Buffer;
      for (const r of topics.all(TOPICS.dataStream))
        out.push({
          topic: 'data-stream',
          key: key(r),
          partition: r.partition,
          value: codecs.dataStream.decode(value(r)),
        });
      for (const r of topics.all(TOPICS.exportLog))
        out.push({
          topic: 'export-log',
          key: key(r),
          partition: r.partition,
          value: codecs.exportLog.decode(value(r)),
        });
      for (const r of topics.all(TOPICS.outboundResults))
        out.push({
          topic: 'outbound',
          key: key(r),
          partition: r.partition,
          value: codecs.outboundResults.decode(value(r)),
        });
      for (const r of topics.all(TOPICS.contactBook)) {
        const v = r.value === null ? null : codecs.contactBook.decode(r.value);
        out.push({ topic: 'contact-book', key: key(r), partition: r.partition, value: v });
      }
      for (const r of topics.all(TOPICS.dlq))
        out.push({
          topic: 'dlq',
          key: key(r),
          partition: r.partition,
          value: header(r, DLQ_HEADERS.code) ?? '',
        });
      return out;
    },
  };
}
