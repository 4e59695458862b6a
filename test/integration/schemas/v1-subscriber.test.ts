// The spec's promise, end to end through Kafka and the registry: this product writes the data
// stream with v2, and a subscriber built before BSUIDs existed (reader schema v1, writer
// resolved from the registry by the record's schema id) keeps working. For a user whose
// phone is withheld it reads `waid` = the BSUID, never null, and never a phone the masking
// rules withheld (internal fields do not reach the topic at all).
import { describe, expect, it } from '@jest/globals';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaMessage } from 'kafkajs';
import avro from 'avsc';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import { schemasDir } from '../../../processors/adapters/avro/catalog.js';
import { AvroCodec, createRegistryClient } from '../../../processors/adapters/avro/registry.js';
import { createTopicCodecs } from '../../../processors/adapters/avro/topic-codecs.js';
import type { DataStreamEventV1 } from '../../../schemas/whatsapp.data-stream-value/v1.js';
import { useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import { useDeployments } from '../provision/deployment.js';

const kit = useKafka();
const deployment = useDeployments(kit);

const BSUID = 'US.13491208655302741918';
const WITHHELD_PHONE = '16505551234';

/** A message from a username user: Meta withheld the phone, so the split has only the BSUID. */
const withheld: NormalizedEvent = {
  eventId: 'evt-withheld-1',
  eventType: 'MESSAGE',
  direction: 'IN',
  occurredAt: Date.UTC(2026, 6, 1, 9),
  provider: 'meta',
  portfolioId: 'acme',
  wabaId: '102290129340398',
  businessPhoneNumberId: '106540352242922',
  waid: BSUID,
  waidSource: 'BSUID',
  phone: null,
  phoneSource: 'NONE',
  bsuid: BSUID,
  parentBsuid: null,
  userHandle: 'sheena.n',
  profileName: 'Sheena',
  sessionKey: BSUID,
  messageId: 'wamid.W1',
  messageType: 'contacts',
  status: null,
  previousBsuid: null,
  previousPhone: null,
  previousParentBsuid: null,
  sourceField: 'messages',
  // A manual card share: somebody's phone, not one the masking rules let us show.
  sharedContacts: [{ phone: WITHHELD_PHONE, origin: 'other' }],
  errorCode: null,
  preferenceCategory: null,
  preferenceValue: null,
  rawPayload: null,
  contactId: null,
  requestId: null,
  previousContactId: null,
};

/** The subscriber's own copy of the schema it was built with (a record schema). */
const readerV1 = JSON.parse(
  readFileSync(join(schemasDir(), 'whatsapp.data-stream-value', 'v1.avsc'), 'utf8'),
) as avro.schema.RecordType & { type: 'record' };

describe('a v1 subscriber of the data stream', () => {
  it('reads waid = the BSUID from v2 records of a user whose phone is withheld', async () => {
    const { config } = deployment('promise');
    const registry = createRegistryClient(kit.endpoints.registryUrl);
    const codecs = await createTopicCodecs(registry, config);
    const topic = codecs.dataStream.topic;
    const admin = await kit.admin();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });

    const producer = await kit.producer();
    await producer.send({
      topic,
      messages: [{ key: `acme|${BSUID}`, value: codecs.dataStream.encode(withheld) }],
    });

    const consumer = kit.consumer();
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: ({ message }) => Promise.resolve(void seen.push(message)) });
    await waitFor(
      () => seen.length >= 1,
      () => `no record on ${topic}`,
    );
    const bytes = seen[0]?.value;
    if (!bytes) throw new Error('the record has no value');

    // Written by v2: the record names the v2 id, which the subscriber has never seen.
    const v1Id = (
      (await (
        await fetch(
          `${registry.url}/subjects/${encodeURIComponent(codecs.dataStream.subject)}/versions/1`,
        )
      ).json()) as { id: number }
    ).id;
    expect(bytes.readInt32BE(1)).toBe(codecs.dataStream.schemaId);
    expect(codecs.dataStream.schemaId).not.toBe(v1Id);
    expect(bytes.includes(Buffer.from(WITHHELD_PHONE))).toBe(false);

    // Our codec with v1 as reader, on a fresh client: the writer comes from the registry.
    const ours = new AvroCodec<DataStreamEventV1>(
      createRegistryClient(kit.endpoints.registryUrl),
      avro.Type.forSchema(readerV1),
      v1Id,
    );
    // A third-party subscriber on the stock Confluent client, v1 as its reader schema.
    const stock = (await kit.registry.decode(bytes, {
      [SchemaType.AVRO]: { readerSchema: readerV1 },
    })) as DataStreamEventV1;

    for (const read of [await ours.decode(bytes), stock]) {
      expect({ ...read }).toEqual({
        eventId: 'evt-withheld-1',
        eventType: 'MESSAGE',
        occurredAt: withheld.occurredAt,
        wabaId: '102290129340398',
        businessPhoneNumberId: '106540352242922',
        waid: BSUID,
        profileName: 'Sheena',
        messageId: 'wamid.W1',
        messageType: 'contacts',
        status: null,
      });
    }
    // And a v2 reader (this product) gets the source indicator with it.
    expect(await codecs.dataStream.decode(bytes)).toMatchObject({
      waid: BSUID,
      waidSource: 'BSUID',
      phone: null,
      phoneSource: 'NONE',
      sharedContacts: null,
    });
  });
});
