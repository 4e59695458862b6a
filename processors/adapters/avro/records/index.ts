// Domain value ↔ Avro value, per topic: pure functions, no registry, no bytes. The topic
// codecs (adapters/avro/topic-codecs.ts) put them around an AvroCodec.
import type { NormalizedEvent } from '../../../domain/events/event.js';
import type { ExportLogRow } from '../../../domain/identity/export-log.js';
import type { ContactBookValueV2 } from '../../../../schemas/whatsapp.contact-book-value/v2.js';
import type { DataStreamEventV2 } from '../../../../schemas/whatsapp.data-stream-value/v2.js';
import type { ExportLogRowV1 } from '../../../../schemas/whatsapp.export-log-value/v1.js';
import type { OutboundMessageV1 } from '../../../../schemas/whatsapp.outbound.results-value/v1.js';
import { contactBookFromAvro, contactBookToAvro } from './contact-book.js';
import type { ContactBookValue } from './contact-book.js';
import { dataStreamFromAvro, dataStreamToAvro } from './data-stream.js';
import { exportLogFromAvro, exportLogToAvro } from './export-log.js';
import { outboundResultFromAvro, outboundResultToAvro } from './outbound-result.js';
import type { OutboundResult } from './outbound-result.js';

export interface RecordMapper<Domain, Avro> {
  toAvro(value: Domain): Avro;
  fromAvro(value: Avro): Domain;
}

export type { ContactBookValue } from './contact-book.js';
export { isContactEntry } from './contact-book.js';
export type { OutboundResult } from './outbound-result.js';

/** One mapper per Avro topic, by topic id (adapters/kafka/topics.ts). */
export const recordMappers = {
  dataStream: {
    toAvro: dataStreamToAvro,
    fromAvro: dataStreamFromAvro,
  } satisfies RecordMapper<NormalizedEvent, DataStreamEventV2>,
  exportLog: {
    toAvro: exportLogToAvro,
    fromAvro: exportLogFromAvro,
  } satisfies RecordMapper<ExportLogRow, ExportLogRowV1>,
  outboundResults: {
    toAvro: outboundResultToAvro,
    fromAvro: outboundResultFromAvro,
  } satisfies RecordMapper<OutboundResult, OutboundMessageV1>,
  contactBook: {
    toAvro: contactBookToAvro,
    fromAvro: contactBookFromAvro,
  } satisfies RecordMapper<ContactBookValue, ContactBookValueV2>,
};

export type AvroTopicId = keyof typeof recordMappers;
