// The resolve stage as the core pipeline's EventStage, for `wa-identity normalize`: split
// events go through `process`, and NDJSON lines that are not webhook deliveries
// ({"outbound": …} send requests, {"admin": …} contact-book commands) through
// `processControl`. State lives in memory for the run, so lines are resolved in order.
import { isObject } from '../input/json-read.js';
import type { EventStage, KeyedEvent } from '../events/stage.js';
import type { ResolverOptions } from './config.js';
import { createMemoryResolver, type MemoryResolver } from './memory-resolver.js';
import type { OutputRecord } from './records.js';

export interface ResolveStage extends EventStage {
  /**
   * A control line's records; null when the line is no control line (then it is a delivery).
   * `receivedAt` is the event time of a request without `requestedAt` (the record's time).
   */
  processControl(line: unknown, receivedAt?: number): OutputRecord[] | null;
  readonly resolver: MemoryResolver;
}

/** True for `{"outbound": …}` and `{"admin": …}` lines, which the split must not see. */
export function isControlLine(line: unknown): boolean {
  return isObject(line) && ('outbound' in line || 'admin' in line);
}

export function createResolveStage(options: ResolverOptions): ResolveStage {
  const resolver = createMemoryResolver(options);
  return {
    name: 'resolve',
    resolver,
    // The split's key is recomputed with the same key function (resolve/step.ts eventKey).
    process: ({ event }: KeyedEvent) => resolver.process({ event }),
    processControl(line, receivedAt) {
      if (!isObject(line)) return null;
      if ('outbound' in line) {
        return resolver.process({ outbound: line['outbound'], recordTimestamp: receivedAt });
      }
      if ('admin' in line) return resolver.process({ admin: line['admin'] });
      return null;
    },
  };
}
