// `wa-identity sender` against a local Cloud API stand-in (the documented request and
// response shapes; the real API cannot be reached from here) on the real broker, with the
// real worker applying the answers: a success's user_id reaches the contact book and its
// wamid the export row of the request; 131062 becomes a failed row with the request id; a
// throttled send is retried and then succeeds; a sender SIGKILLed mid-batch and started again
// sends nothing twice and reports UNKNOWN where the answer was lost.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { useKafka } from '../../helpers/kafka.js';
import {
  BSUID,
  PHONE,
  PIPELINE_ENV,
  PNID,
  metaInbound,
  rawInput,
} from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { logger, readTopic, send, settled, usePipelineDeployments } from '../pipeline/harness.js';
import { startCli } from '../pipeline/cli-process.js';
import {
  startCloudApiStandIn,
  type CloudApiStandIn,
} from '../../../processors/adapters/local-stack/cloud-api-stand-in.js';
import {
  startSender,
  type SenderWorker,
} from '../../../processors/applications/sender/sender-worker.js';
import { loadSenderSettings } from '../../../processors/applications/sender/sender-config.js';
import { createRegistryClient } from '../../../processors/adapters/avro/registry.js';
import { createTopicCodecs } from '../../../processors/adapters/avro/topic-codecs.js';
import type { ExportLogRow } from '../../../processors/domain/identity/export-log.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const TOKEN = 'stand-in-access-token';
const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.allSettled(running.splice(0).map((r) => r.close()));
});

function senderEnv(api: CloudApiStandIn): Record<string, string> {
  return {
    WAI_CLOUD_API_URL: api.url,
    WAI_CLOUD_API_TOKEN: TOKEN,
    WAI_SENDER_MPS: '200',
    WAI_SENDER_TIMEOUT_MS: '3000',
    WAI_SENDER_BACKOFF_MS: '20',
    WAI_SENDER_BACKOFF_MAX_MS: '100',
  };
}

async function stand(options: Parameters<typeof startCloudApiStandIn>[0]) {
  const api = await startCloudApiStandIn(options);
  running.push(api);
  return api;
}

async function sender(d: PipelineDeployment, api: CloudApiStandIn): Promise<SenderWorker> {
  const codecs = await createTopicCodecs(
    createRegistryClient(d.config.registryUrl ?? ''),
    d.config,
  );
  const worker = await startSender({
    config: d.config,
    settings: loadSenderSettings(senderEnv(api)),
    client: d.client,
    decode: (bytes) => codecs.outboundResults.decode(bytes),
    logger,
    now: () => Date.now(),
    random: Math.random,
  });
  running.push({ close: () => worker.stop() });
  return worker;
}

function request(requestId: string, waid: string, message: Record<string, unknown>) {
  const value = JSON.stringify({
    outbound: { requestId, businessPhoneNumberId: PNID, waid, message, requestedAt: Date.now() },
  });
  return { value, line: value, timestamp: Date.now() };
}
const text = { type: 'text', text: { body: 'hello' } };

/** Waits until the input log holds `n` send results, and returns them by request id. */
async function results(
  d: PipelineDeployment,
  n: number,
): Promise<Map<string, Record<string, unknown>[]>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const byId = new Map<string, Record<string, unknown>[]>();
    for (const r of await readTopic(d, d.config.topics.input)) {
      const v = JSON.parse(r.value?.toString() ?? '{}') as { sendResult?: Record<string, unknown> };
      if (v.sendResult === undefined) continue;
      const id = String(v.sendResult['requestId']);
      byId.set(id, [...(byId.get(id) ?? []), v.sendResult]);
    }
    if ([...byId.values()].flat().length >= n) return byId;
    if (Date.now() > deadline) throw new Error(`${byId.size} of ${n} send results`);
    await sleep(200);
  }
}

async function exportRows(d: PipelineDeployment): Promise<ExportLogRow[]> {
  const codecs = await createTopicCodecs(
    createRegistryClient(d.config.registryUrl ?? ''),
    d.config,
  );
  const rows: ExportLogRow[] = [];
  for (const r of await readTopic(d, d.config.topics.exportLog)) {
    rows.push(await codecs.exportLog.decode(r.value ?? Buffer.alloc(0)));
  }
  return rows;
}

describe('wa-identity sender', () => {
  let d: PipelineDeployment;
  beforeAll(async () => {
    d = await deployment('sender', PIPELINE_ENV);
  });

  it('records Meta’s answers: wamid and user_id evidence, 131062, throttling retried', async () => {
    await d.start();
    const api = await stand({
      token: TOKEN,
      throttleFirst: 2,
      directory: { [PHONE]: BSUID },
      userIdForPhones: true,
    });
    const worker = await sender(d, api);
    await send(kit, d, [
      request('req-phone', PHONE, text),
      request('req-auth', 'US.4455667788', {
        type: 'template',
        template: { name: 'auth_code', language: { code: 'en' } },
      }),
    ]);
    const byId = await results(d, 2);
    expect(byId.get('req-phone')).toEqual([
      expect.objectContaining({
        outcome: 'SENT',
        contact: expect.objectContaining({ userId: BSUID }),
      }),
    ]);
    expect(byId.get('req-auth')).toEqual([
      expect.objectContaining({
        outcome: 'FAILED',
        error: expect.objectContaining({ code: '131062' }),
      }),
    ]);
    // The first two sends were throttled (130429) and tried again: four calls, two requests.
    expect(api.answers.filter((a) => a === '130429')).toHaveLength(2);
    expect([...api.received.values()].reduce((a, b) => a + b, 0)).toBe(4);
    expect(worker.counts).toEqual(expect.objectContaining({ SENT: 1, FAILED: 1, UNKNOWN: 0 }));

    // A phone-less message from that BSUID: the send's evidence shows its phone.
    await send(kit, d, [
      rawInput(metaInbound('wamid.AFTER', '2026-08-02T10:00:00Z', false), Date.now()),
    ]);
    await settled(d);
    const rows = await exportRows(d);
    const sentRow = rows.find((r) => r.logId === 'req-phone' && r.messageId !== null);
    expect(sentRow).toEqual(
      expect.objectContaining({
        status: 'accepted',
        bsuid: BSUID,
        routedVia: 'to',
        messageId: expect.stringMatching(/^wamid\./),
      }),
    );
    expect(rows.find((r) => r.logId === 'req-auth' && r.status === 'failed')).toEqual(
      expect.objectContaining({
        errorCode: '131062',
        bsuid: 'US.4455667788',
        routedVia: 'recipient',
      }),
    );
    expect(rows.find((r) => r.messageId === 'wamid.AFTER')).toEqual(
      expect.objectContaining({ bsuid: BSUID, phone: PHONE }),
    );
  });

  it('SIGKILLed mid-batch and restarted: nothing sent twice, lost answers UNKNOWN', async () => {
    const k = await deployment('sender-kill', PIPELINE_ENV);
    await k.start();
    const api = await stand({ token: TOKEN, delayMs: 400 });
    const env = { ...k.env, ...senderEnv(api), WAI_INSTANCE_ID: 'sender-1', LOG_LEVEL: 'info' };
    const ids = Array.from({ length: 8 }, (_, i) => `req-k${i}`);
    await send(
      kit,
      k,
      ids.map((id, i) => request(id, `1650555100${i}`, text)),
    );
    const first = startCli(['sender'], env);
    // Kill it while a send is in flight: after at least two answers, before the eighth.
    const deadline = Date.now() + 60_000;
    while (api.answers.length < 2 && Date.now() < deadline) await sleep(50);
    while ([...api.received.values()].reduce((a, b) => a + b, 0) <= api.answers.length)
      await sleep(10);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startCli(['sender'], env);
    try {
      const byId = await results(k, ids.length);
      for (const id of ids) {
        expect([id, byId.get(id)?.length]).toEqual([id, 1]);
        expect(api.received.get(id) ?? 0).toBeLessThanOrEqual(1);
      }
      const outcomes = ids.map((id) => byId.get(id)?.[0]?.['outcome']);
      expect(outcomes).toContain('UNKNOWN');
      expect(outcomes.filter((o) => o === 'SENT').length).toBeGreaterThanOrEqual(2);
      // Every UNKNOWN is a request the API saw at most once; every unsent one was sent once.
      for (const id of ids) {
        const outcome = byId.get(id)?.[0]?.['outcome'];
        if (outcome === 'SENT') expect(api.received.get(id)).toBe(1);
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
