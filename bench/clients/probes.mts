// Probes of the recovery features on the broker: each joins a group of its own on the input
// topic with the feature switched on and waits for an assignment; the answer is 'ok: …', the
// error, or 'not offered' where the client has no such option.
import { Consumer } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfluent } from './confluent-api.mts';
import type { ClientName } from './contract.mts';

const KINDS = ['cooperative', 'static', 'kip848'] as const;
type Kind = (typeof KINDS)[number];
export type Probes = Record<Kind, string>;

const WAIT_MS = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The protocol the broker chose for a classic group (the assignor's name). */
async function groupProtocol(brokers: string[], groupId: string): Promise<string> {
  const admin = new Kafka({ clientId: 'probe', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.protocol ?? '';
  } finally {
    await admin.disconnect();
  }
}

async function platformatic(brokers: string[], groupId: string, topic: string, kind: Kind) {
  const options = {
    cooperative: { protocols: [{ name: 'cooperative-sticky', version: 1 }] },
    static: { groupInstanceId: `${groupId}-instance` },
    kip848: { groupProtocol: 'consumer' as const },
  }[kind];
  const consumer = new Consumer({
    clientId: groupId,
    bootstrapBrokers: brokers,
    groupId,
    ...options,
  });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'latest' });
    for (let t = 0; t < WAIT_MS && (consumer.assignments ?? []).length === 0; t += 250)
      await sleep(250);
    const assigned = (consumer.assignments ?? []).flatMap((a) => a.partitions).length;
    const protocol = kind === 'cooperative' ? await groupProtocol(brokers, groupId) : '';
    await stream.close();
    if (assigned === 0) return 'no assignment';
    if (kind === 'cooperative')
      return protocol === 'cooperative-sticky'
        ? 'ok: group protocol cooperative-sticky'
        : `protocol ${protocol}`;
    if (kind === 'static')
      return `ok: member ${consumer.groupInstanceId ?? ''}, ${assigned} partitions`;
    return `ok: consumer protocol, ${assigned} partitions`;
  } finally {
    await consumer.close(true);
  }
}

async function confluent(brokers: string[], groupId: string, topic: string, kind: Kind) {
  const loaded = await loadConfluent();
  if (loaded instanceof Error) return `not installed: ${loaded.message.split('\n')[0] ?? ''}`;
  const kafka = new loaded.KafkaJS.Kafka({
    kafkaJS: { clientId: groupId, brokers, logLevel: loaded.KafkaJS.logLevel.ERROR },
  });
  const consumer = kafka.consumer({
    kafkaJS: { groupId },
    ...{
      cooperative: { 'partition.assignment.strategy': 'cooperative-sticky' },
      static: { 'group.instance.id': `${groupId}-instance` },
      kip848: { 'group.protocol': 'consumer' },
    }[kind],
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ eachMessage: () => Promise.resolve() });
    for (let t = 0; t < WAIT_MS && consumer.assignment().length === 0; t += 250) await sleep(250);
    const assigned = consumer.assignment().flatMap((a) => a.partitions).length;
    if (assigned === 0) return 'no assignment';
    if (kind === 'cooperative') return `ok: rebalanceProtocol() ${consumer.rebalanceProtocol()}`;
    return `ok: ${assigned} partitions`;
  } finally {
    await consumer.disconnect();
  }
}

export async function probeClients(
  brokers: string[],
  prefix: string,
  topic: string,
  clients: readonly ClientName[],
): Promise<Partial<Record<ClientName, Probes>>> {
  const out: Partial<Record<ClientName, Probes>> = {};
  for (const client of clients) {
    const probes = {} as Probes;
    for (const kind of KINDS) {
      const groupId = `${prefix}-probe-${client}-${kind}`;
      try {
        probes[kind] =
          client === 'kafkajs'
            ? 'not offered'
            : client === 'platformatic'
              ? await platformatic(brokers, groupId, topic, kind)
              : await confluent(brokers, groupId, topic, kind);
      } catch (err) {
        probes[kind] = `failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    out[client] = probes;
  }
  return out;
}
