// The resolve stage's record-level rules: state writes on the input's own partition,
// commands keyed by their target with a generation, broadcasts to every partition, a
// received purge applied to this partition's keys only, outbound results completed from
// their request, and what becomes a DLQ copy, a retry or a bug.
import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../processors/domain/errors.js';
import { freshEntry } from '../../../processors/domain/identity/entry.js';
import { GENERATION_HEADER, toKafkaRecords } from '../../../processors/applications/worker/resolve-kafka-outputs.js';
import { ResolveProcessor } from '../../../processors/applications/worker/resolve-kafka-stage.js';
import type { ResolveItem } from '../../../processors/domain/identity/commands.js';
import { emptyResult } from '../../../processors/domain/identity/records.js';
import { loadConfig } from '../../../processors/applications/config.js';
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import { partitionForKey } from '../../../processors/adapters/kafka/partitioner.js';
import type {
  AssignContext,
  InputRecord,
  OutputRecord,
} from '../../../processors/adapters/kafka/index.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import { BSUID, PIPELINE_ENV, PNID } from './inputs.js';
import { batchContext, codecs, decodeItem, decodeState, encoders, TOPICS } from './kafka-sim.js';

const domain = domainSettings(loadConfig(PIPELINE_ENV));
const noRestore: AssignContext = {
  stage: 'resolve',
  logger: createLogger({ level: 'silent' }),
  restore: () => Promise.resolve({ records: 0, endOffsets: new Map() }),
};

async function resolver(decode = decodeItem): Promise<ResolveProcessor> {
  const p = new ResolveProcessor({
    topics: TOPICS,
    config: domain.resolver,
    encode: encoders,
    decodeItem: decode,
    decodeState,
    identityPartitions: 3,
    maxGenerations: 5,
  });
  await p.assign([{ topic: TOPICS.identityEvents, partition: 1 }], noRestore);
  return p;
}

function input(key: string, value: Buffer, headers: Record<string, Buffer> = {}): InputRecord {
  return {
    topic: TOPICS.identityEvents,
    partition: 1,
    offset: '3',
    key: Buffer.from(key),
    value,
    headers,
    timestamp: 42,
  };
}

const item = (value: ResolveItem | { type: 'purgePortfolio'; portfolioId: string; at: number }) =>
  codecs.identityEvents.encode(value);

async function run(p: ResolveProcessor, ...records: InputRecord[]): Promise<OutputRecord[]> {
  return [...(await p.processBatch(records, batchContext('resolve', TOPICS.identityEvents, 1)))];
}

const request = {
  requestId: 'req-5',
  businessPhoneNumberId: PNID,
  portfolioId: 'acme',
  waid: BSUID,
  waidKind: 'BSUID' as const,
  message: { type: 'text', text: { body: 'hi' } },
  requestedAt: 1234,
};

describe('resolve stage on Kafka', () => {
  it('completes an outbound result from its request and writes state on its own partition', async () => {
    const p = await resolver();
    const out = await run(p, input(`acme|${BSUID}`, item({ type: 'outbound', request, hops: 0 })));
    const result = out.find((r) => r.topic === TOPICS.outboundResults);
    expect(codecs.outboundResults.decode(result?.value as Buffer)).toMatchObject({
      requestId: 'req-5',
      portfolioId: 'acme',
      requestedAt: 1234,
      body: { recipient: BSUID },
    });
    const state = out.filter((r) => r.topic === TOPICS.contactBook);
    expect(state.map((r) => [r.key, r.partition, r.timestamp])).toEqual([[`acme|${BSUID}`, 1, 42]]);
    expect(p.state(1)?.entries.has(`acme|${BSUID}`)).toBe(true);
  });

  it('sends commands to keys of other partitions keyed by their target, one generation further', async () => {
    const p = await resolver();
    const alias = 'acme|phone:abc';
    const elsewhere = 'acme|GB.8Kq2mZx41Lp0Aa'; // partition 0 of 3; this worker processes 1
    expect(partitionForKey(elsewhere, 3)).not.toBe(1);
    const out = await run(
      p,
      input(alias, item({ type: 'supersede', target: elsewhere, at: 1, hops: 0 }), {
        [GENERATION_HEADER]: Buffer.from('2'),
      }),
      input(alias, item({ type: 'deleteContact', at: 2, hops: 0 })),
    );
    // The pointer is written, then the delete on a pointer is forwarded to its target.
    const commands = out.filter((r) => r.topic === TOPICS.identityEvents);
    expect(commands.map((r) => [r.key, r.partition, r.headers?.[GENERATION_HEADER]])).toEqual([
      [elsewhere, undefined, '1'],
    ]);
    await expect(decodeItem(commands[0]?.value as Buffer)).resolves.toMatchObject({
      type: 'deleteContact',
      hops: 1,
    });
  });

  it('applies commands to keys of its own partition at once, as the in-memory runner does', async () => {
    const p = await resolver();
    const alias = 'acme|phone:abc';
    const here = `acme|${BSUID}`; // partition 1 of 3, the one this worker processes
    expect(partitionForKey(here, 3)).toBe(1);
    await run(p, input(here, item({ type: 'outbound', request, hops: 0 })));
    expect(p.state(1)?.entries.has(here)).toBe(true); // written by the outbound request
    const out = await run(
      p,
      input(alias, item({ type: 'supersede', target: here, at: 1, hops: 0 })),
      input(alias, item({ type: 'deleteContact', at: 2, hops: 0 })),
    );
    expect(p.state(1)?.entries.has(here)).toBe(false);
    // The forwarded delete ran on the BSUID's key within the same record: no command record,
    // and the BSUID's entry is gone (a tombstone on this partition's contact book).
    expect(out.filter((r) => r.topic === TOPICS.identityEvents)).toEqual([]);
    const tombstones = out.filter((r) => r.topic === TOPICS.contactBook && r.value === null);
    expect(tombstones.map((r) => [r.key, r.partition])).toContainEqual([here, 1]);
  });

  it('sends a broadcast to every identity-events partition', () => {
    const result = emptyResult();
    result.broadcasts.push({ type: 'purgePortfolio', portfolioId: 'acme', at: 9 });
    const out = toKafkaRecords(result, {
      topics: TOPICS,
      encode: encoders,
      identityPartitions: 3,
      record: input('acme|x', Buffer.alloc(0)),
      item: { type: 'purgeIfPointsTo', targets: [] },
      generation: 0,
      batch: batchContext('resolve', TOPICS.identityEvents, 1),
    });
    expect(out.map((r) => [r.topic, r.key, r.partition])).toEqual(
      [0, 1, 2].map((n) => [TOPICS.identityEvents, 'acme|~settings', n]),
    );
  });

  it('applies a received purge to its own keys of that portfolio only', async () => {
    const p = await resolver();
    const other = await resolver();
    for (const key of ['acme|US.1', 'acme|phone:ab', 'beta|US.2']) {
      p.state(1)?.apply({ kind: 'upsert', key, entry: freshEntry(key, 1) });
    }
    const purge = item({ type: 'purgePortfolio', portfolioId: 'acme', at: 5 });
    const out = await run(p, input('acme|~settings', purge));
    expect(out.map((r) => [r.topic, r.key, r.value, r.partition])).toEqual([
      [TOPICS.contactBook, 'acme|US.1', null, 1],
      [TOPICS.contactBook, 'acme|phone:ab', null, 1],
    ]);
    expect([...(p.state(1)?.entries.keys() ?? [])]).toEqual(['beta|US.2']);
    expect(await run(other, input('acme|~settings', purge))).toEqual([]);
  });

  it('purges locally on a contact-book switch, which every partition receives', async () => {
    const p = await resolver();
    p.state(1)?.apply({ kind: 'upsert', key: 'acme|US.1', entry: freshEntry('acme|US.1', 1) });
    const off = item({ type: 'setContactBook', enabled: false, at: 7 });
    const out = await run(p, input('acme|~settings', off));
    expect(out.map((r) => [r.topic, r.key, r.partition])).toEqual([
      [TOPICS.contactBook, 'acme|~settings', 1],
      [TOPICS.contactBook, 'acme|US.1', 1],
    ]);
    expect(p.state(1)?.settings('acme')).toMatchObject({ contactBookEnabled: false });
  });

  it('copies undecodable items and over-long command chains to the DLQ and goes on', async () => {
    const p = await resolver();
    const garbage = input(`acme|${BSUID}`, Buffer.from('not avro at all'));
    const looping = input('acme|US.3', item({ type: 'purgeIfPointsTo', targets: [] }), {
      [GENERATION_HEADER]: Buffer.from('6'),
    });
    const good = input(`acme|${BSUID}`, item({ type: 'outbound', request, hops: 0 }));
    const out = await run(p, garbage, looping, good);
    const dlq = out.filter((r) => r.topic === TOPICS.dlq);
    expect(dlq.map((r) => [r.value, r.headers?.[DLQ_HEADERS.code]])).toEqual([
      [garbage.value, 'WAI_SCHEMA'],
      [looping.value, 'WAI_INTERNAL'],
    ]);
    expect(out.some((r) => r.topic === TOPICS.outboundResults)).toBe(true);
  });

  it('throws a retriable decode failure so the batch is rolled back and replayed', async () => {
    const unreachable = new WaiError('WAI_SCHEMA', 'registry unreachable', { retriable: true });
    const p = await resolver(() => Promise.reject(unreachable));
    await expect(run(p, input(`acme|${BSUID}`, Buffer.from([0])))).rejects.toBe(unreachable);
  });

  it('forgets a revoked partition and refuses to process it', async () => {
    const p = await resolver();
    p.revoke([{ topic: TOPICS.identityEvents, partition: 1 }]);
    expect(p.state(1)).toBeUndefined();
    await expect(run(p, input('acme|US.1', Buffer.from([0])))).rejects.toMatchObject({
      code: 'WAI_INTERNAL',
    });
  });
});
