// The Confluent wire format and writer resolution of AvroCodec, against an in-memory stand-in
// for the registry's id lookup (the real registry is in test/integration/schemas).
import { describe, expect, it } from '@jest/globals';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import type { WaiError } from '../../../../processors/domain/errors.js';
import { loadVersions } from '../../../../processors/adapters/avro/catalog.js';
import { AvroCodec, type RegistryClient } from '../../../../processors/adapters/avro/registry.js';
import { asRecord } from '../../../helpers/avro-record.js';

const [v1, v2] = loadVersions('whatsapp.data-stream-value');
if (v1 === undefined || v2 === undefined) throw new Error('data-stream needs v1 and v2');
const V1_ID = 41;
const V2_ID = 42;

/** Answers getSchema by id like the Confluent client (an avsc Type); counts the lookups. */
function fakeRegistry(schemas: Record<number, avro.Type>) {
  const lookups: number[] = [];
  let failuresLeft = 0;
  const confluent = {
    getSchema(id: number): Promise<avro.Type> {
      lookups.push(id);
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { status: 400 }));
      }
      const type = schemas[id];
      if (type === undefined) {
        return Promise.reject(
          Object.assign(new Error(`No content with ID '${id}'`), { status: 404 }),
        );
      }
      return Promise.resolve(type);
    },
  };
  const client: RegistryClient = {
    url: 'http://registry',
    confluent: confluent as unknown as SchemaRegistry,
    request: () => Promise.reject(new Error('not used by the codec')),
  };
  return { client, lookups, failNext: (n: number) => (failuresLeft = n) };
}

const v2Value = (fields: Record<string, unknown> = {}) => ({
  ...Object.fromEntries(asRecord(v2.type).fields.map((f) => [f.name, null])),
  eventId: 'evt-1',
  eventType: 'MESSAGE',
  occurredAt: 1_753_440_030_000,
  waid: 'US.13491208655302741918',
  waidSource: 'BSUID',
  ...fields,
});

async function rejection(p: Promise<unknown>): Promise<WaiError> {
  try {
    await p;
  } catch (err) {
    return err as WaiError;
  }
  throw new Error('expected a rejection');
}

describe('AvroCodec', () => {
  it('writes magic byte 0, the writer id big-endian, then the Avro body', () => {
    const { client } = fakeRegistry({});
    const bytes = new AvroCodec(client, v2.type, V2_ID).encode(v2Value());
    expect(bytes.readUInt8(0)).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(V2_ID);
    expect(v2.type.fromBuffer(bytes.subarray(5))).toEqual(v2Value());
  });

  it('reads its own writes without asking the registry', async () => {
    const { client, lookups } = fakeRegistry({});
    const codec = new AvroCodec(client, v2.type, V2_ID);
    expect(await codec.decode(codec.encode(v2Value()))).toEqual(v2Value());
    expect(lookups).toEqual([]);
  });

  it('resolves another writer into its schema, looking the writer up once', async () => {
    const { client, lookups } = fakeRegistry({ [V2_ID]: v2.type });
    const writer = new AvroCodec(client, v2.type, V2_ID);
    const reader = new AvroCodec(client, v1.type, V1_ID);
    const bytes = writer.encode(v2Value({ phone: null, bsuid: 'US.13491208655302741918' }));
    const reads = await Promise.all([reader.decode(bytes), reader.decode(bytes)]);
    expect(await reader.decode(bytes)).toMatchObject({ waid: 'US.13491208655302741918' });
    expect(reads[0]).not.toHaveProperty('bsuid');
    expect(lookups).toEqual([V2_ID]);
  });

  it('retries a lookup that failed (retriable) instead of caching the failure', async () => {
    const { client, lookups, failNext } = fakeRegistry({ [V2_ID]: v2.type });
    const reader = new AvroCodec(client, v1.type, V1_ID);
    const bytes = new AvroCodec(client, v2.type, V2_ID).encode(v2Value());
    failNext(1);
    expect(await rejection(reader.decode(bytes))).toMatchObject({
      code: 'WAI_SCHEMA',
      retriable: true,
    });
    expect(await reader.decode(bytes)).toMatchObject({ eventId: 'evt-1' });
    expect(lookups).toEqual([V2_ID, V2_ID]);
  });

  it('takes an unknown writer id as a poison pill (not retriable)', async () => {
    const { client } = fakeRegistry({});
    const bytes = new AvroCodec(client, v2.type, 7).encode(v2Value());
    const err = await rejection(new AvroCodec(client, v1.type, V1_ID).decode(bytes));
    expect(err).toMatchObject({ code: 'WAI_SCHEMA', retriable: false });
    expect(err.message).toMatch(/writer schema id 7/);
  });

  it('refuses a writer it cannot resolve, and bytes that are not the wire format', async () => {
    const other = avro.Type.forSchema({
      type: 'record',
      name: 'Other',
      fields: [{ name: 'x', type: 'int' }],
    });
    const { client } = fakeRegistry({ 9: other });
    const reader = new AvroCodec(client, v1.type, V1_ID);
    const foreign = Buffer.concat([Buffer.from([0, 0, 0, 0, 9]), other.toBuffer({ x: 1 })]);
    expect(await rejection(reader.decode(foreign))).toMatchObject({
      code: 'WAI_SCHEMA',
      retriable: false,
    });
    expect((await rejection(reader.decode(Buffer.from('{"json":1}')))).message).toMatch(
      /wire format/,
    );
    const truncated = reader.encode(v2Value()).subarray(0, 8);
    expect(await rejection(reader.decode(truncated))).toMatchObject({
      code: 'WAI_SCHEMA',
      retriable: false,
    });
  });

  it('refuses to encode a value outside the schema, naming the path, not the value', () => {
    const { client } = fakeRegistry({});
    const codec = new AvroCodec(client, v2.type, V2_ID);
    let err: WaiError | undefined;
    try {
      codec.encode(v2Value({ occurredAt: 2 ** 53 - 1, phone: 16505551234 }));
    } catch (e) {
      err = e as WaiError;
    }
    expect(err).toMatchObject({ code: 'WAI_SCHEMA', retriable: false });
    expect(err?.message).toMatch(/occurredAt/);
    expect(err?.message).toMatch(/phone/);
    expect(err?.message).not.toMatch(/16505551234|9007199254740991/);
  });
});
