// One input record's results as Kafka records, all in the input's transaction:
//   data-stream, export-log, outbound results  Avro, keyed by user, the input's timestamp
//   contact-book                                Avro (null: a tombstone), on the input's own
//                                               partition: the portfolio's (see portfolio-processor.ts)
// DLQ copies are made by the caller from the record's failures.
import type { NormalizedEvent } from '../../domain/events/event.js';
import type { ExportLogRow } from '../../domain/identity/export-log.js';
import type { ContactBookValue } from '../../domain/identity/contact-book-state.js';
import type { OutboundRecord } from '../../domain/outbound/body.js';
import type { ResultRecord } from '../../domain/stream/process-input.js';
import type { InputRecord, OutputRecord } from '../../adapters/kafka/index.js';

export interface WorkerEncoders {
  dataStream: (value: NormalizedEvent) => Buffer;
  exportLog: (value: ExportLogRow) => Buffer;
  outboundResults: (value: OutboundRecord) => Buffer;
  /** null (a tombstone) stays null. */
  contactBook: (value: ContactBookValue | null) => Buffer | null;
}

export interface OutputTopics {
  dataStream: string;
  exportLog: string;
  contactBook: string;
  outboundResults: string;
}

export function toKafkaRecords(
  results: readonly ResultRecord[],
  input: InputRecord,
  topics: OutputTopics,
  encode: WorkerEncoders,
): OutputRecord[] {
  const { timestamp } = input;
  return results.map((r): OutputRecord => {
    switch (r.topic) {
      case 'data-stream':
        return {
          topic: topics.dataStream,
          key: r.key,
          value: encode.dataStream(r.value),
          timestamp,
        };
      case 'export-log':
        return { topic: topics.exportLog, key: r.key, value: encode.exportLog(r.value), timestamp };
      case 'outbound':
        return {
          topic: topics.outboundResults,
          key: r.key,
          value: encode.outboundResults(r.value),
          timestamp,
        };
      case 'contact-book':
        return {
          topic: topics.contactBook,
          key: r.key,
          value: encode.contactBook(r.value),
          partition: input.partition,
          timestamp,
        };
    }
  });
}
