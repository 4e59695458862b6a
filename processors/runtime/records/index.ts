// Domain value ↔ Avro value, per topic: pure functions, no registry, no bytes. The topic
// codecs (runtime/schemas/topic-codecs.ts) put them around an AvroCodec.
import type { NormalizedEvent } from '../../core/event.js';
import type { ExportLogRow } from '../../resolve/export-log.js';
import { contactBookFromAvro, contactBookToAvro } from './contact-book.js';
import type { ContactBookAvro, ContactBookValue } from './contact-book.js';
import { dataStreamFromAvro, dataStreamToAvro, type DataStreamAvro } from './data-stream.js';
import { exportLogFromAvro, exportLogToAvro, type ExportLogAvro } from './export-log.js';
import { identityEventFromAvro, identityEventToAvro } from './identity-events.js';
import type { IdentityEventAvro, IdentityEventValue } from './identity-events.js';
import { outboundResultFromAvro, outboundResultToAvro } from './outbound-result.js';
import type { OutboundResult, OutboundResultAvro } from './outbound-result.js';

export interface RecordMapper<Domain, Avro> {
  toAvro(value: Domain): Avro;
  fromAvro(value: Avro): Domain;
}

export type { ContactBookValue } from './contact-book.js';
export { isContactEntry } from './contact-book.js';
export type { IdentityEventValue } from './identity-events.js';
export type { OutboundResult } from './outbound-result.js';

/** One mapper per Avro topic, by topic id (runtime/kafka/topics.ts). */
export const recordMappers = {
  dataStream: {
    toAvro: dataStreamToAvro,
    fromAvro: dataStreamFromAvro,
  } satisfies RecordMapper<NormalizedEvent, DataStreamAvro>,
  exportLog: {
    toAvro: exportLogToAvro,
    fromAvro: exportLogFromAvro,
  } satisfies RecordMapper<ExportLogRow, ExportLogAvro>,
  outboundResults: {
    toAvro: outboundResultToAvro,
    fromAvro: outboundResultFromAvro,
  } satisfies RecordMapper<OutboundResult, OutboundResultAvro>,
  contactBook: {
    toAvro: contactBookToAvro,
    fromAvro: contactBookFromAvro,
  } satisfies RecordMapper<ContactBookValue, ContactBookAvro>,
  identityEvents: {
    toAvro: identityEventToAvro,
    fromAvro: identityEventFromAvro,
  } satisfies RecordMapper<IdentityEventValue, IdentityEventAvro>,
};

export type AvroTopicId = keyof typeof recordMappers;
