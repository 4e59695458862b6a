// The ingress's way into the input log: an idempotent producer (acks=all) connected on first
// use and again after a failure, so the server answers 503 while the broker is away and
// recovers by itself when it is back. Each append has a deadline: a request is answered
// within it, and a late acknowledgement only means Meta's retry adds a copy that the worker
// emits once (redeliveries are de-duplicated by event id).
import { WaiError } from '../../domain/errors.js';
import {
  createSink,
  type KafkaClient,
  type OutputRecord,
  type Sink,
} from '../../adapters/kafka/index.js';

export interface Appender {
  /** Resolves once every record is acknowledged; rejects on failure or after the deadline. */
  append(records: readonly OutputRecord[]): Promise<void>;
  close(): Promise<void>;
}

export function createAppender(client: KafkaClient, deadlineMs: number): Appender {
  let sink: Promise<Sink> | undefined;
  const connected = (): Promise<Sink> =>
    (sink ??= createSink(client).catch((err: unknown) => {
      sink = undefined;
      throw err;
    }));
  return {
    async append(records) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new WaiError('WAI_TIMEOUT', `no broker acknowledgement within ${deadlineMs} ms`));
        }, deadlineMs);
      });
      const send = connected().then((s) => s.send(records));
      send.catch(() => undefined); // the outcome is read through the race below
      try {
        await Promise.race([send, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      const open = await sink?.catch(() => undefined);
      await open?.close();
    },
  };
}
