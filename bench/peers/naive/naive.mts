// The naive peer of `npm run bench`: the loop a tutorial would write. kafkajs `eachMessage`;
// for every output record one awaited registry encode and one awaited `send`; no transactions
// (auto-commit of offsets, at-least-once at best). It does the product's split and per-event
// normalisation (readInput, as the worker does) and writes, per event, the data-stream event,
// its export-log row and a contact-book entry (the user as this one delivery shows them), all
// Avro on the Confluent wire format with the deployment's registered schemas. It keeps no state:
// no contact book lookup, lineage, dedup or 30-day windows (see bench/README.md).
// Configured like `wa-identity run` (the deployment's environment); started by bench/run.mts.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { join } from 'node:path';
import type * as ConfigModule from '../../../processors/applications/config.js';
import type * as WorkerModule from '../../../processors/applications/worker/index.js';
import type * as InputLogModule from '../../../processors/domain/stream/input-log.js';
import type * as RecordsModule from '../../../processors/adapters/avro/records/index.js';
import type * as ExportLogModule from '../../../processors/domain/identity/export-log.js';
import type * as EntryModule from '../../../processors/domain/identity/entry.js';

const DIST = join(import.meta.dirname, '..', '..', '..', 'dist', 'processors');
const load = async <T,>(path: string): Promise<T> => (await import(join(DIST, path))) as T;
const { loadConfig } = await load<typeof ConfigModule>('applications/config.js');
const { domainSettings } = await load<typeof WorkerModule>('applications/worker/index.js');
const { readInput } = await load<typeof InputLogModule>('domain/stream/input-log.js');
const { recordMappers } = await load<typeof RecordsModule>('adapters/avro/records/index.js');
const { eventLogRow } = await load<typeof ExportLogModule>('domain/identity/export-log.js');
const { newEntry } = await load<typeof EntryModule>('domain/identity/entry.js');

const config = loadConfig(process.env);
const { routing } = domainSettings(config);
const { topics } = config;
const kafka = new Kafka({
  clientId: 'bench-naive',
  brokers: [...config.kafka.brokers],
  logLevel: logLevel.NOTHING,
});
const registry = new SchemaRegistry({ host: config.registryUrl ?? '' });
const ids = {
  dataStream: await registry.getLatestSchemaId(`${topics.dataStream}-value`),
  exportLog: await registry.getLatestSchemaId(`${topics.exportLog}-value`),
  contactBook: await registry.getLatestSchemaId(`${topics.contactBook}-value`),
};
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: `${config.appId}-naive` });
await producer.connect();
await consumer.connect();
await consumer.subscribe({ topic: topics.input, fromBeginning: true });

async function send(topic: string, key: string, value: Buffer, timestamp: string): Promise<void> {
  await producer.send({ topic, messages: [{ key, value, timestamp }] });
}

await consumer.run({
  eachMessage: async ({ message }) => {
    const text = message.value?.toString('utf8') ?? '';
    const read = readInput(text, Number(message.timestamp), routing);
    if (read.kind !== 'delivery') return;
    for (const { event } of read.split.events) {
      const key = `${event.portfolioId}|${event.bsuid ?? event.waid ?? ''}`;
      const ts = message.timestamp;
      const ds = await registry.encode(ids.dataStream, recordMappers.dataStream.toAvro(event));
      await send(topics.dataStream, key, ds, ts);
      const row = recordMappers.exportLog.toAvro(eventLogRow(event));
      await send(topics.exportLog, key, await registry.encode(ids.exportLog, row), ts);
      const entry = {
        ...newEntry(event.portfolioId, event.bsuid ?? event.waid ?? '', event.occurredAt),
        bsuid: event.bsuid,
        phone: event.phone,
        username: event.userHandle,
        profileName: event.profileName,
        lastInteractionAt:
          event.businessPhoneNumberId === null
            ? {}
            : { [event.businessPhoneNumberId]: event.occurredAt },
      };
      const cb = await registry.encode(ids.contactBook, recordMappers.contactBook.toAvro(entry));
      await send(topics.contactBook, key, cb, ts);
    }
  },
});

async function shutdown(): Promise<void> {
  await consumer.disconnect();
  await producer.disconnect();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
