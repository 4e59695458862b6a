// The verifier: the output topics read with read_committed by the reference reader
// (librdkafka, or @platformatic/kafka where it is not installed) must hold every input's
// three outputs exactly once (by their `src` header), and the loop's group must have committed
// every input partition to its end. kafkajs's reader is run too and its view reported apart:
// it leaks aborted records after a crash (readers.mts), which the product's kafkajs readers share.
import { Kafka, logLevel } from 'kafkajs';
import { readAll } from './readers.mts';
import type { Reader } from './readers.mts';

export interface View {
  /** Records per output topic, in the order of `outputs`. */
  counts: number[];
  duplicates: number;
}

export interface Verdict extends View {
  reader: Reader;
  /** Input partitions whose committed group offset is not the partition's end. */
  uncommittedPartitions: number;
  ok: boolean;
  /** What kafkajs's read_committed reader saw of the same topics. */
  kafkajsReader: View;
}

async function view(
  reader: Reader,
  brokers: string[],
  run: string,
  outputs: string[],
  expected: number,
): Promise<View | null> {
  const seen = await readAll(reader, brokers, `${run}-verify-${reader}`, outputs, expected);
  if (seen === null) return null;
  const lists = outputs.map((t) => seen.get(t) ?? []);
  return {
    counts: lists.map((l) => l.length),
    duplicates: lists.reduce((sum, l) => sum + l.length - new Set(l).size, 0),
  };
}

async function uncommitted(brokers: string[], input: string, groupId: string): Promise<number> {
  const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(input);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
    const at = new Map(committed?.partitions.map((p) => [p.partition, p.offset]) ?? []);
    return ends.filter((e) => at.get(e.partition) !== e.high).length;
  } finally {
    await admin.disconnect();
  }
}

export async function verify(
  brokers: string[],
  run: string,
  input: string,
  outputs: string[],
  expectedPerTopic: number,
  groupId: string,
): Promise<Verdict> {
  const total = expectedPerTopic * outputs.length;
  let reader: Reader = 'librdkafka';
  let reference = await view(reader, brokers, run, outputs, total);
  if (reference === null) {
    reader = 'platformatic';
    reference = await view(reader, brokers, run, outputs, total);
  }
  if (reference === null) throw new Error('no reference reader');
  const kafkajsReader = await view('kafkajs', brokers, run, outputs, total);
  const uncommittedPartitions = await uncommitted(brokers, input, groupId);
  const ok =
    reference.counts.every((c) => c === expectedPerTopic) &&
    reference.duplicates === 0 &&
    uncommittedPartitions === 0;
  return {
    reader,
    ...reference,
    uncommittedPartitions,
    ok,
    kafkajsReader: kafkajsReader ?? { counts: [], duplicates: 0 },
  };
}
