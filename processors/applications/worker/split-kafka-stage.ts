// Stage 1 "split" on Kafka: the exactly-once runner's PartitionProcessor around the pure
// routing (kafka-routing.ts). Stateless: assign and revoke have nothing to load or drop.
//
//   raw (webhook bytes as received) ─┐
//                                    ├─▶ ResolveItems on identity-events (Avro), keyed
//   outbound-requests (JSON) ────────┘   <portfolioId>|<userKey>; unreadable → DLQ copy
//
// Every output carries the input record's timestamp, and event time never comes from the
// wall clock, so replaying the same input records gives the same output records.
import { toWaiError } from '../../domain/errors.js';
import type { BroadcastCommand, ResolveItem } from '../../domain/identity/commands.js';
import type { ResolverConfig } from '../../domain/identity/config.js';
import type {
  BatchContext,
  InputRecord,
  OutputRecord,
  PartitionProcessor,
} from '../../adapters/kafka/index.js';
import type { Routed } from './split-kafka-routing.js';
import { routeDelivery, routeRequest } from './split-kafka-routing.js';
import type { SplitContext } from '../../domain/webhooks/split.js';

export interface SplitStageOptions {
  topics: { raw: string; outboundRequests: string; identityEvents: string };
  split: Omit<SplitContext, 'receivedAt'>;
  /** Keys and portfolios of outbound requests: the resolve stage's own config. */
  resolver: ResolverConfig;
  /** identity-events value → bytes (the topic's Avro codec). */
  encode: (value: ResolveItem | BroadcastCommand) => Buffer;
  /** Partition count of identity-events (a contact-book switch goes to each one). */
  identityPartitions: number;
}

export function createSplitProcessor(options: SplitStageOptions): PartitionProcessor {
  const { topics } = options;

  function route(record: InputRecord): Routed {
    if (record.topic === topics.outboundRequests) {
      return routeRequest(
        record.value,
        record.timestamp,
        options.resolver,
        options.identityPartitions,
      );
    }
    return routeDelivery(record.value, record.timestamp, options.split);
  }

  function outputs(record: InputRecord, ctx: BatchContext): OutputRecord[] {
    const routed = route(record);
    const out: OutputRecord[] = [];
    for (const failure of routed.failures) {
      ctx.logger.warn(
        { err: failure, offset: record.offset, topic: record.topic },
        'input not processed: copied to the DLQ',
      );
      out.push(ctx.dlq(record, failure));
    }
    if (routed.unmappedPortfolios.length > 0) {
      const portfolios = [...new Set(routed.unmappedPortfolios)];
      ctx.logger.debug({ portfolios, offset: record.offset }, 'events in unmapped portfolios');
    }
    for (const { key, item, partition } of routed.items) {
      out.push({
        topic: topics.identityEvents,
        key,
        value: options.encode(item),
        ...(partition === undefined ? {} : { partition }),
        timestamp: record.timestamp,
      });
    }
    return out;
  }

  return {
    assign: () => Promise.resolve(),
    revoke: () => undefined,
    processBatch(records, ctx) {
      const out: OutputRecord[] = [];
      for (const record of records) {
        try {
          out.push(...outputs(record, ctx));
        } catch (err) {
          // Routing reports bad input as failures; what throws here is a bug on one record
          // (e.g. an event that does not fit its schema): it is kept in the DLQ, not retried.
          const error = toWaiError(err);
          if (error.retriable) throw error;
          ctx.logger.error({ err: error, offset: record.offset }, 'split failed on a record');
          out.push(ctx.dlq(record, error));
        }
      }
      return out;
    },
  };
}
