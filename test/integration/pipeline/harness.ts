// Shared pieces of the worker's integration tests: a provisioned throwaway deployment (own
// topic prefix, app id and subjects, cleaned up afterwards), in-process workers, inputs
// appended to the input log keyed by portfolio with explicit timestamps, "settled" (the
// group has committed up to the end of the input log, so nothing is in flight), and the
// output topics read back read_committed and decoded from Avro.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach } from '@jest/globals';
import type { KafkaTestKit } from '../../helpers/kafka.js';
import { randomName } from '../../helpers/kafka.js';
import { useDeployments, type Deployment } from '../provision/deployment.js';
import { PIPELINE_ENV } from '../../unit/pipeline/inputs.js';
import type { DomainRecord, PipelineInput } from '../../unit/pipeline/reference.js';
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import { createKafka, restorePartitions } from '../../../processors/adapters/kafka/index.js';
import type {
  InputRecord,
  KafkaAdmin,
  KafkaClient,
} from '../../../processors/adapters/kafka/index.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import {
  WORKER_STAGE,
  domainSettings,
  startPipeline,
  type Pipeline,
} from '../../../processors/applications/worker/index.js';
import { inputRecords } from '../../../processors/applications/input-log/append.js';
import { provision } from '../../../processors/applications/provision/provision.js';
import { createRegistryClient } from '../../../processors/adapters/avro/registry.js';
import { createTopicCodecs } from '../../../processors/adapters/avro/topic-codecs.js';

export const logger = createLogger({ level: process.env['LOG_LEVEL'] ?? 'silent' });
/** Short fetch waits and sessions: a test waits on rebalances and idle fetches otherwise. */
export const FAST = { maxWaitTimeMs: 100, sessionTimeoutMs: 6000 };
/** The default partition count of a test deployment (WAI_PARTITIONS overrides it). */
export const PARTITIONS = 2;

export interface PipelineDeployment extends Deployment {
  client: KafkaClient;
  /** Starts an in-process worker, stopped after the test. */
  start(): Promise<Pipeline>;
}

export function usePipelineDeployments(kit: KafkaTestKit) {
  const deployment = useDeployments(kit);
  const running: Pipeline[] = [];
  const groups: string[] = [];
  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    const admin = kit.kafka.admin();
    await admin.connect();
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  });
  return async (name: string, env: Record<string, string> = {}): Promise<PipelineDeployment> => {
    const appId = randomName('wai-app');
    groups.push(`${appId}-${WORKER_STAGE}`);
    const d = deployment(name, {
      ...PIPELINE_ENV,
      WAI_APP_ID: appId,
      WAI_PARTITIONS: String(PARTITIONS),
      WAI_SHUTDOWN_TIMEOUT_MS: '20000',
      ...env,
    });
    await provision(d.config, logger);
    const client = createKafka(d.config, logger);
    return {
      ...d,
      client,
      async start() {
        const p = await startPipeline({ config: d.config, logger, tuning: FAST });
        running.push(p);
        return p;
      },
    };
  };
}

/**
 * The inputs with recent record timestamps (now, one millisecond apart, order kept): output
 * records carry their input's timestamp, and retention and compaction go by record time, so
 * outputs of old timestamps could vanish before a test reads them.
 */
export function recent(inputs: readonly PipelineInput[]): PipelineInput[] {
  const now = Date.now();
  return inputs.map((input, i) => ({ ...input, timestamp: now + i }));
}

/** Appends inputs to the deployment's input log, keyed by portfolio, in order. */
export async function send(
  kit: KafkaTestKit,
  d: Deployment,
  inputs: readonly PipelineInput[],
): Promise<void> {
  const producer = await kit.producer();
  const records = inputRecords(d.config.topics.input, inputs, domainSettings(d.config).routing);
  await producer.send({
    topic: d.config.topics.input,
    messages: records.map((r) => ({
      key: r.key,
      value: r.value,
      ...(r.timestamp === undefined ? {} : { timestamp: String(r.timestamp) }),
    })),
  });
}

/** What is still behind: the group's committed offset per input partition versus its end. */
async function behind(d: PipelineDeployment, admin: KafkaAdmin): Promise<string[]> {
  const { topics, appId } = d.config;
  const group = `${appId}-${WORKER_STAGE}`;
  const parts = Array.from({ length: d.config.partitions }, (_, i) => i);
  // Committed offsets first: a transaction committing in between raises an end, not them.
  const committed = await admin.committedOffsets(group, topics.input, parts);
  const ends = await admin.partitionOffsets(topics.input);
  return ends.flatMap((e) => {
    const at = committed.get(e.partition) ?? '0';
    return BigInt(at) >= BigInt(e.high) ? [] : [`${topics.input}/${e.partition} ${at}<${e.high}`];
  });
}

/** Waits until the worker has processed everything (twice in a row). */
export async function settled(d: PipelineDeployment, timeoutMs = 30_000): Promise<void> {
  const admin = await d.client.admin();
  try {
    const deadline = Date.now() + timeoutMs;
    let late: string[] = [];
    for (let streak = 0; streak < 2;) {
      if (Date.now() > deadline)
        throw new Error(`pipeline busy after ${timeoutMs} ms: ${late.join('; ')}`);
      late = await behind(d, admin);
      streak = late.length === 0 ? streak + 1 : 0;
      await sleep(50);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Produces each input and waits for the pipeline to settle before the next one. */
export async function feedOneByOne(
  kit: KafkaTestKit,
  d: PipelineDeployment,
  inputs: readonly PipelineInput[],
): Promise<void> {
  for (const input of inputs) {
    await send(kit, d, [input]);
    await settled(d);
  }
}

/** Everything committed on a topic now, in offset order per partition. */
export async function readTopic(d: PipelineDeployment, topic: string): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  const partitions = Array.from({ length: d.config.partitions }, (_, i) => i);
  await restorePartitions(d.client, { topic, partitions, apply: (r) => void records.push(r) });
  return records;
}

export function header(r: InputRecord, name: string): string | undefined {
  const v = r.headers[name];
  return v === undefined ? undefined : (Buffer.isBuffer(v) ? v : v[0])?.toString();
}

/** The output topics read back and decoded, as the equivalence view takes them. */
export async function readOutputs(d: PipelineDeployment): Promise<DomainRecord[]> {
  const { topics } = d.config;
  const codecs = await createTopicCodecs(
    createRegistryClient(d.config.registryUrl ?? ''),
    d.config,
  );
  const [data, log, outbound, book, dlq] = await Promise.all(
    [
      topics.dataStream,
      topics.exportLog,
      topics.outboundResults,
      topics.contactBook,
      topics.dlq,
    ].map((t) => readTopic(d, t)),
  );
  const out: DomainRecord[] = [];
  const key = (r: InputRecord) => r.key?.toString() ?? null;
  const bytes = (r: InputRecord) => r.value ?? Buffer.alloc(0);
  const add = async (
    topic: DomainRecord['topic'],
    records: InputRecord[] | undefined,
    decode: (r: InputRecord) => Promise<DomainRecord['value']>,
  ) => {
    for (const r of records ?? []) out.push({ topic, key: key(r), value: await decode(r) });
  };
  await add('data-stream', data, (r) => codecs.dataStream.decode(bytes(r)));
  await add('export-log', log, (r) => codecs.exportLog.decode(bytes(r)));
  await add('outbound', outbound, (r) => codecs.outboundResults.decode(bytes(r)));
  await add('contact-book', book, (r) => codecs.contactBook.decode(r.value));
  await add('dlq', dlq, (r) => Promise.resolve(header(r, DLQ_HEADERS.code) ?? ''));
  return out;
}

/** Reads a topic (read_committed) until it holds at least `n` records. */
export async function readAtLeast(
  d: PipelineDeployment,
  topic: string,
  n: number,
  timeoutMs = 60_000,
): Promise<InputRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readTopic(d, topic);
    if (records.length >= n) return records;
    if (Date.now() > deadline) throw new Error(`${records.length} of ${n} records on ${topic}`);
    await sleep(200);
  }
}

const OUTPUTS = ['dataStream', 'exportLog', 'contactBook', 'outboundResults', 'dlq'] as const;

/**
 * Every output record as bytes (partition, timestamp, value, headers but the DLQ copy's
 * wall-clock time), per topic and key in offset order: one key's records are in order; keys
 * of different portfolios share an output partition in whatever order their workers
 * committed. The compacted contact book keeps each key's latest value only (deleted: absent).
 */
export async function outputBytes(
  d: PipelineDeployment,
): Promise<Record<string, Record<string, string[]>>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const id of OUTPUTS) {
    const byKey = new Map<string, string[]>();
    for (const r of await readTopic(d, d.config.topics[id])) {
      const key = r.key?.toString() ?? '';
      if (id === 'contactBook' && r.value === null) byKey.delete(key);
      else if (id === 'contactBook') byKey.set(key, [fingerprint(r, d.prefix)]);
      else byKey.set(key, [...(byKey.get(key) ?? []), fingerprint(r, d.prefix)]);
    }
    out[id] = Object.fromEntries(byKey);
  }
  return out;
}

function fingerprint(r: InputRecord, prefix: string): string {
  const headers = Object.entries(r.headers)
    .filter(([name]) => name !== DLQ_HEADERS.time)
    .map(([name, v]) => `${name}=${String(v).split(prefix).join('<prefix>')}`)
    .sort();
  return JSON.stringify([r.partition, r.timestamp, r.value?.toString('hex') ?? null, headers]);
}
