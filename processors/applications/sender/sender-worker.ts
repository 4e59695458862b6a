// The sender worker: reads `outbound.results` (read_committed, group `<appId>-sender`), sends
// each request through the Cloud API once, and appends Meta's answer to the input log as a
// {"sendResult": …} record keyed by its portfolio, so the worker applies it in order (the
// wamid and user_id evidence, the export row) and a replay repeats it. Exactly one outcome per
// request id across restarts: the ledger (ledger.ts) marks a request `attempted` before the
// call and `done` in the same transaction as the outcome; offsets are committed after.
import { toWaiError } from '../../domain/errors.js';
import type { OutboundRecord } from '../../domain/outbound/body.js';
import type { SendResult } from '../../domain/outbound/send-result.js';
import {
  createSink,
  createTransactionalSink,
  runAtLeastOnce,
  type InputRecord,
  type KafkaClient,
  type Sink,
} from '../../adapters/kafka/index.js';
import type { Logger } from '../../adapters/logging/logger.js';
import type { AppConfig } from '../config.js';
import { inputRecords } from '../input-log/append.js';
import { domainSettings } from '../worker/domain-settings.js';
import {
  ensureLedger,
  ledgerRecord,
  ledgerTopic,
  restoreLedger,
  type LedgerState,
} from './ledger.js';
import { resultOf, sendOne, type SendDeps } from './send-one.js';
import type { SenderSettings } from './sender-config.js';

export interface SenderOptions {
  config: AppConfig;
  settings: SenderSettings;
  client: KafkaClient;
  decode: (bytes: Buffer) => Promise<OutboundRecord>;
  logger: Logger;
  now: () => number;
  random: () => number;
}

export interface SenderWorker {
  stop(): Promise<void>;
  readonly done: Promise<void>;
  /** Outcomes written by this process, by outcome. */
  readonly counts: Record<SendResult['outcome'] | 'skipped', number>;
}

export async function startSender(o: SenderOptions): Promise<SenderWorker> {
  await ensureLedger(o.client, o.config);
  const ledger = await restoreLedger(o.client, o.config);
  const topic = ledgerTopic(o.config);
  const marks: Sink = await createSink(o.client);
  const outcomes: Sink = await createTransactionalSink(
    o.client,
    `${o.config.appId}-sender-${o.config.group.instanceId}`,
  );
  const aborter = new AbortController();
  const counts = { SENT: 0, FAILED: 0, UNKNOWN: 0, skipped: 0 };
  const routing = domainSettings(o.config).routing;
  const deps: SendDeps = {
    settings: o.settings,
    now: o.now,
    random: o.random,
    lastSendAt: new Map(),
    sleep: (ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        aborter.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(new Error('sender stopping'));
          },
          { once: true },
        );
      }),
    onThrottled: (code, attempt) =>
      o.logger.warn({ code, attempt }, 'Cloud API throttled a send: retrying after a backoff'),
  };

  const finish = async (result: SendResult): Promise<void> => {
    const line = { value: JSON.stringify({ sendResult: result }), timestamp: o.now() };
    await outcomes.send([
      ...inputRecords(o.config.topics.input, [line], routing),
      ledgerRecord(topic, result.requestId, 'done'),
    ]);
    ledger.set(result.requestId, 'done');
    counts[result.outcome] += 1;
    o.logger.info(
      { requestId: result.requestId, outcome: result.outcome, code: result.error?.code },
      'send result recorded',
    );
  };

  const handleOne = async (record: InputRecord): Promise<void> => {
    if (record.value === null) return;
    const request = await o.decode(record.value);
    const state: LedgerState | undefined = ledger.get(request.requestId);
    if (state === 'done') {
      counts.skipped += 1;
      return;
    }
    if (state === 'attempted') {
      await finish(
        resultOf(
          request,
          { kind: 'unknown', reason: 'an earlier attempt ended without a recorded answer' },
          o.now(),
        ),
      );
      return;
    }
    await marks.send([ledgerRecord(topic, request.requestId, 'attempted')]);
    ledger.set(request.requestId, 'attempted');
    await finish(await sendOne(request, deps));
  };

  let consumer;
  try {
    consumer = await runAtLeastOnce({
      client: o.client,
      groupId: `${o.config.appId}-sender`,
      topic: o.config.topics.outboundResults,
      sessionTimeoutMs: o.config.group.sessionTimeoutMs,
      handle: async (records, heartbeat) => {
        for (const record of records) {
          await handleOne(record);
          await heartbeat();
        }
      },
    });
  } catch (err) {
    await Promise.allSettled([marks.close(), outcomes.close()]);
    throw toWaiError(err);
  }
  const running = consumer;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      aborter.abort();
      await running.stop();
      await Promise.allSettled([marks.close(), outcomes.close()]);
    })());
  const done = running.done.then(
    () => undefined,
    async (err: unknown) => {
      await stop();
      throw err;
    },
  );
  return { stop, done, counts };
}
