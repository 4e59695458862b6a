// The sender's ledger: a compacted topic keyed by request id, `attempted` written (and
// acknowledged) before a request is handed to the Cloud API, `done` written in the same
// transaction as its outcome. On restart a request found `done` is skipped and one found
// only `attempted` may or may not have reached Meta: it is reported UNKNOWN, never sent again.
import type { KafkaClient, OutputRecord } from '../../adapters/kafka/index.js';
import { readRange } from '../../adapters/kafka/index.js';
import type { AppConfig } from '../config.js';

export type LedgerState = 'attempted' | 'done';

export function ledgerTopic(config: Pick<AppConfig, 'topicPrefix'>): string {
  return `${config.topicPrefix}sender.ledger`;
}

export function ledgerRecord(topic: string, requestId: string, state: LedgerState): OutputRecord {
  return { topic, partition: 0, key: requestId, value: state };
}

export async function ensureLedger(client: KafkaClient, config: AppConfig): Promise<void> {
  const admin = await client.admin();
  try {
    await admin.createTopics([
      {
        name: ledgerTopic(config),
        partitions: 1,
        replicationFactor: config.replicationFactor,
        configs: { 'cleanup.policy': 'compact' },
      },
    ]);
  } finally {
    await admin.disconnect();
  }
}

/** Every request's last state, read_committed up to the end. */
export async function restoreLedger(
  client: KafkaClient,
  config: AppConfig,
): Promise<Map<string, LedgerState>> {
  const topic = ledgerTopic(config);
  const admin = await client.admin();
  let ends;
  try {
    ends = await admin.partitionOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const ledger = new Map<string, LedgerState>();
  await readRange(client, {
    topic,
    from: new Map(ends.map((e) => [e.partition, e.low])),
    to: new Map(ends.map((e) => [e.partition, e.high])),
    apply: (r) => {
      const key = r.key?.toString('utf8');
      const state = r.value?.toString('utf8');
      if (key !== undefined && (state === 'attempted' || state === 'done')) ledger.set(key, state);
    },
  });
  return ledger;
}
