// Contact-book restore of one big portfolio: N contact entries (phone, BSUID, username, a
// 30-day window, in the contact book) are written straight into the compacted contact-book
// topic of a one-partition deployment by a fast producer, then one `wa-identity run` worker is
// started. Restore time: from the worker's group assignment to its "contact book restored" log
// line (both its own pino timestamps); RSS: the worker's VmRSS and VmHWM right after. A worker
// that dies first (out of heap) is reported as such, with how long it lasted.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { built, deploy, sleep, startWorker, type Worker } from './stack.mts';
import { removeTopics } from './systems.mts';
import type * as KafkaModule from '../../processors/adapters/kafka/index.js';
import type * as LoggerModule from '../../processors/adapters/logging/logger.js';
import type * as RegistryModule from '../../processors/adapters/avro/registry.js';
import type * as CodecsModule from '../../processors/adapters/avro/topic-codecs.js';
import type { ContactEntry } from '../../processors/domain/identity/entry.js';

const { createKafka } = await built<typeof KafkaModule>('adapters/kafka/index.js');
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');
const { createRegistryClient } = await built<typeof RegistryModule>('adapters/avro/registry.js');
const { createTopicCodecs } = await built<typeof CodecsModule>('adapters/avro/topic-codecs.js');

export interface RestoreResult {
  contacts: number;
  produceSeconds: number;
  /** null when the worker died before restoring (see `failure`). */
  restoreMs: number | null;
  rssMiB: number | null;
  peakRssMiB: number | null;
  failure: string | null;
}

const PORTFOLIO = 'bench-big';
const BPN = '30654035000001';
// About 300 B per encoded entry: a batch of 2000 stays well below the broker's 1 MiB
// message.max.bytes (5000 entries with their lineage did not).
const BATCH = 2000;
const IN_FLIGHT = 8;

function entry(i: number, at: number): ContactEntry {
  const bsuid = `US.${String(5_000_000_000_000 + i)}`;
  return {
    portfolioId: PORTFOLIO,
    userKey: bsuid,
    supersededBy: null,
    // A person's stable id is 32 hex characters (identity/contact-id.ts); its value is not read.
    contactId: createHash('sha256').update(`${PORTFOLIO}|${bsuid}`).digest('hex').slice(0, 32),
    bsuid,
    parentBsuid: null,
    phone: String(16_500_000_000 + i),
    username: i % 2 === 0 ? `user.${i.toString(36)}` : null,
    profileName: 'Customer',
    inContactBook: true,
    contactBookSince: at,
    contactBookVia: 'INTERACTION',
    lastInteractionAt: { [BPN]: at },
    firstSeenAt: at,
    lastSeenAt: at,
    previousBsuids: [],
    previousPhones: [],
    recentEventIds: [`m:wamid.R${i}`],
    // As a real entry holds them: the phone's link step and its provenance.
    lineage: [
      {
        kind: 'PHONE_LINKED',
        from: null,
        to: String(16_500_000_000 + i),
        eventId: `m:wamid.R${i}`,
        at,
      },
    ],
    phoneEvidence: { source: 'WEBHOOK', eventId: `m:wamid.R${i}`, at },
  };
}

function status(pid: number, field: string): number | null {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1];
  return kb === undefined ? null : Math.round(Number(kb) / 1024);
}

function logTime(line: string, msg: string): number | null {
  if (!line.includes(msg)) return null;
  const parsed = JSON.parse(line) as { time?: unknown; msg?: unknown };
  return parsed.msg === msg && typeof parsed.time === 'number' ? parsed.time : null;
}

interface Marks {
  assignedAt: number | null;
  restoredAt: number | null;
}

/** The worker's last group assignment and its restore, from its log, until restored or dead. */
async function watchRestore(worker: Worker, deadline: number): Promise<Marks> {
  const marks: Marks = { assignedAt: null, restoredAt: null };
  let seen = 0;
  while (worker.child.exitCode === null && Date.now() < deadline) {
    for (; seen < worker.log.length; seen++) {
      const line = worker.log[seen] ?? '';
      marks.assignedAt = logTime(line, 'group assignment') ?? marks.assignedAt;
      marks.restoredAt = logTime(line, 'contact book restored');
      if (marks.restoredAt !== null) return marks;
    }
    await sleep(100);
  }
  return marks;
}

export async function measureRestore(contacts: number): Promise<RestoreResult> {
  const d = await deploy('bench-restore', {
    WAI_PARTITIONS: '1',
    WAI_PORTFOLIO_MAP: JSON.stringify({ wabas: {}, phoneNumbers: { [BPN]: PORTFOLIO } }),
    LOG_LEVEL: 'info',
  });
  try {
    const codecs = await createTopicCodecs(
      createRegistryClient(d.config.registryUrl ?? ''),
      d.config,
    );
    const client = createKafka(d.config, createLogger({ level: 'warn' }));
    const producer = client.kafkajs.producer();
    await producer.connect();
    const began = Date.now();
    const at = Date.parse('2026-11-20T00:00:00Z');
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < contacts; i += BATCH) {
      const messages = [];
      for (let j = i; j < Math.min(contacts, i + BATCH); j++) {
        const e = entry(j, at);
        messages.push({
          key: `${PORTFOLIO}|${e.userKey}`,
          value: codecs.contactBook.encode(e),
          partition: 0,
        });
      }
      sends.push(producer.send({ topic: d.config.topics.contactBook, messages, acks: 1 }));
      if (sends.length >= IN_FLIGHT) await sends.shift();
    }
    await Promise.all(sends);
    await producer.disconnect();
    const produceSeconds = (Date.now() - began) / 1000;

    const workerStart = Date.now();
    const worker = startWorker(d, 'w0');
    const pid = worker.child.pid ?? 0;
    const deadline = Date.now() + Math.max(120_000, contacts / 10);
    const marks = await watchRestore(worker, deadline);
    const { restoredAt, assignedAt } = marks;
    const rssMiB = restoredAt === null ? null : status(pid, 'VmRSS');
    const peakRssMiB = restoredAt === null ? null : status(pid, 'VmHWM');
    const lasted = Date.now() - workerStart;
    worker.child.kill(restoredAt === null ? 'SIGKILL' : 'SIGTERM');
    const code = await worker.exited;
    const failure =
      restoredAt !== null
        ? null
        : `worker not restored (exit ${code}) ${lasted} ms after the start: ${worker.log.slice(-2).join(' | ').slice(0, 300)}`;
    return {
      contacts,
      produceSeconds,
      restoreMs: restoredAt === null || assignedAt === null ? null : restoredAt - assignedAt,
      rssMiB,
      peakRssMiB,
      failure,
    };
  } finally {
    await removeTopics(d);
    await d.stop();
  }
}
