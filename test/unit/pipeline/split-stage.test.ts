// The split stage's record-level rules: where each input goes on identity-events (keys,
// fanned-out settings, explicit partitions), which time it carries, and what becomes a DLQ
// copy (original bytes and error headers) without stopping the records after it.
import { describe, expect, it } from '@jest/globals';
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import type { InputRecord, OutputRecord } from '../../../processors/adapters/kafka/index.js';
import { loadConfig } from '../../../processors/applications/config.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import { contactKey, phoneKey } from '../../../processors/domain/identity/keys.js';
import { createSplitProcessor } from '../../../processors/applications/worker/split-kafka-stage.js';
import { BSUID, PHONE, PIPELINE_ENV, PNID, fixtureInput, metaInbound } from './inputs.js';
import { batchContext, codecs, TOPICS } from './kafka-sim.js';

const PARTITIONS = 4;
const domain = domainSettings(loadConfig(PIPELINE_ENV));
const split = createSplitProcessor({
  topics: TOPICS,
  split: domain.split,
  resolver: domain.resolver,
  encode: codecs.identityEvents.encode,
  identityPartitions: PARTITIONS,
});

function record(topic: string, value: string | Buffer | null, timestamp = 1_780_000_000_000) {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return {
    topic,
    partition: 0,
    offset: '7',
    key: Buffer.from('k'),
    value: bytes,
    headers: { trace: Buffer.from('t-1') },
    timestamp,
  } satisfies InputRecord;
}

async function run(...records: InputRecord[]): Promise<OutputRecord[]> {
  return [...(await split.processBatch(records, batchContext('split', TOPICS.raw, 0)))];
}

const items = (out: readonly OutputRecord[]) =>
  out
    .filter((r) => r.topic === TOPICS.identityEvents)
    .map((r) => ({
      key: r.key,
      partition: r.partition,
      item: codecs.identityEvents.decode(r.value as Buffer),
    }));

const request = {
  requestId: 'req-9',
  businessPhoneNumberId: PNID,
  waid: PHONE,
  message: { type: 'text', text: { body: 'hi' } },
};

describe('split stage on Kafka', () => {
  it('keys an event by its user and stamps it with the input record time', async () => {
    const out = await run(
      record(TOPICS.raw, metaInbound('wamid.S1', '2026-05-01T10:00:00Z', true)),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: `acme|${BSUID}`, timestamp: 1_780_000_000_000 });
    expect(out[0]?.partition).toBeUndefined();
    expect(items(out)[0]?.item).toMatchObject({ type: 'event', hops: 0 });
  });

  it('takes the event time of a Twilio delivery from the record timestamp', async () => {
    const twilio = fixtureInput('45-twilio-inbound-form-text-line', 0);
    const out = await run(record(TOPICS.raw, twilio.value, 1_790_000_000_000));
    const [first] = items(out);
    expect(first?.item).toMatchObject({ type: 'event', event: { occurredAt: 1_790_000_000_000 } });
  });

  it('routes a send request, bare or wrapped, to its user key with the record time', async () => {
    const bare = await run(record(TOPICS.outboundRequests, JSON.stringify(request), 5));
    const wrapped = await run(
      record(TOPICS.outboundRequests, JSON.stringify({ outbound: request }), 5),
    );
    expect(items(bare)).toEqual(items(wrapped));
    expect(items(bare)).toEqual([
      {
        key: phoneKey('acme', domain.resolver.hashPhone, PHONE),
        partition: undefined,
        item: expect.objectContaining({
          type: 'outbound',
          request: expect.objectContaining({ portfolioId: 'acme', requestedAt: 5 }),
        }),
      },
    ]);
  });

  it('sends a contact-book switch to every identity-events partition', async () => {
    const admin = { action: 'disableContactBook', portfolioId: 'acme', at: 10 };
    const out = items(await run(record(TOPICS.outboundRequests, JSON.stringify({ admin }))));
    expect(out.map((o) => o.partition)).toEqual([0, 1, 2, 3]);
    for (const o of out) {
      expect(o).toMatchObject({
        key: contactKey('acme', '~settings'),
        item: { type: 'setContactBook', enabled: false, at: 10 },
      });
    }
  });

  it('keys a contact deletion by the BSUID', async () => {
    const admin = { action: 'deleteContact', portfolioId: 'acme', bsuid: BSUID, at: 10 };
    const out = items(await run(record(TOPICS.outboundRequests, JSON.stringify({ admin }))));
    expect(out).toEqual([
      {
        key: `acme|${BSUID}`,
        partition: undefined,
        item: { type: 'deleteContact', at: 10, hops: 0 },
      },
    ]);
  });

  it('copies unreadable inputs to the DLQ as received and goes on with the next record', async () => {
    const notJson = '{"object":"whatsapp_business_account","entry":[';
    const notUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const out = await run(
      record(TOPICS.raw, notJson),
      record(TOPICS.raw, JSON.stringify({ type: 'message', payload: {} })),
      record(TOPICS.raw, notUtf8),
      record(TOPICS.raw, null),
      record(TOPICS.outboundRequests, JSON.stringify({ ...request, waid: 'abc' })),
      record(TOPICS.outboundRequests, JSON.stringify({ admin: { action: 'nope' } })),
      record(TOPICS.raw, metaInbound('wamid.S2', '2026-05-01T10:00:00Z', true)),
    );
    const dlq = out.filter((r) => r.topic === TOPICS.dlq);
    expect(dlq.map((r) => r.headers?.[DLQ_HEADERS.code])).toEqual([
      'WAI_BAD_INPUT',
      'WAI_UNKNOWN_ENVELOPE',
      'WAI_BAD_INPUT',
      'WAI_BAD_INPUT',
      'WAI_BAD_IDENTIFIER',
      'WAI_BAD_INPUT',
    ]);
    expect(dlq[0]).toMatchObject({ key: Buffer.from('k'), value: Buffer.from(notJson) });
    expect(dlq[0]?.headers).toMatchObject({ trace: Buffer.from('t-1'), [DLQ_HEADERS.offset]: '7' });
    expect(dlq[2]?.value).toEqual(notUtf8);
    expect(items(out).map((o) => o.key)).toEqual([`acme|${BSUID}`]);
  });

  it('keeps the good items of a partly invalid delivery and copies it once per bad item', async () => {
    const partial = fixtureInput('52-missing-wamid-rejected-others-kept', 0);
    const out = await run(record(TOPICS.raw, partial.value));
    expect(out.filter((r) => r.topic === TOPICS.dlq)).toHaveLength(1);
    expect(items(out)).toHaveLength(1);
  });
});
