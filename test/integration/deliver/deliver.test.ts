// The delivery worker between the real broker and real HTTP endpoints started by the test:
// every data-stream event reaches the subscriber that wants it, signed, each user's events in
// order, after a retry where the endpoint asked for one; a refusing endpoint's events land in
// its dead-letter topic with their original bytes; offsets are committed only after that.
import { describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createRegistryClient } from '../../../processors/adapters/avro/registry.js';
import { createTopicCodecs } from '../../../processors/adapters/avro/topic-codecs.js';
import { createDeliverMetrics } from '../../../processors/adapters/metrics/deliver-metrics.js';
import { loadDeliverSettings } from '../../../processors/applications/deliver/deliver-config.js';
import {
  DELIVER_HEADERS,
  deliverDlqTopic,
  startDeliver,
} from '../../../processors/applications/deliver/deliver-worker.js';
import { verifySignature } from '../../../processors/domain/delivery/signing.js';
import { useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import { PIPELINE_ENV, fixtureInput, fixtureNames, journey } from '../../unit/pipeline/inputs.js';
import {
  header,
  logger,
  readTopic,
  recent,
  send,
  settled,
  usePipelineDeployments,
} from '../pipeline/harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const SECRET = 'subscriber-secret-0123456789';

interface Received {
  path: string;
  body: string;
  headers: IncomingMessage['headers'];
}

async function endpoints() {
  const received: Received[] = [];
  let first = true;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/gone') {
        res.writeHead(410).end('subscription cancelled');
        return;
      }
      if (first) {
        // The very first attempt is turned away: the worker must come back.
        first = false;
        res.writeHead(503, { 'retry-after': '0' }).end('busy');
        return;
      }
      received.push({ path: req.url ?? '', body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('wa-identity deliver', () => {
  it('delivers every event signed and in per-user order, and dead-letters refused ones', async () => {
    const d = await deployment('deliver', PIPELINE_ENV);
    await d.start();
    // Statuses, identity changes and messages of several users, as the golden fixtures hold them.
    const at = Date.now();
    await send(kit, d, recent([...fixtureNames().map((n) => fixtureInput(n, at)), ...journey(at)]));
    await settled(d);
    const codecs = await createTopicCodecs(
      createRegistryClient(d.config.registryUrl ?? ''),
      d.config,
    );
    const stream = await readTopic(d, d.config.topics.dataStream);
    const events = await Promise.all(
      stream.map((r) => codecs.dataStream.decode(r.value ?? Buffer.alloc(0))),
    );
    const messages = events.filter((e) => e.eventType === 'MESSAGE');
    expect(events.length).toBeGreaterThan(messages.length);
    expect(messages.length).toBeGreaterThan(0);

    const http = await endpoints();
    const settings = loadDeliverSettings({
      WAI_SUBSCRIBERS: JSON.stringify([
        { id: 'crm', url: http.url('/crm'), secretEnv: 'CRM_SECRET' },
        { id: 'gone', url: http.url('/gone'), secretEnv: 'CRM_SECRET', eventTypes: ['MESSAGE'] },
      ]),
      CRM_SECRET: SECRET,
      WAI_DELIVER_BACKOFF_INITIAL_MS: '10',
    });
    const registry = new Registry();
    const worker = await startDeliver({
      config: d.config,
      settings,
      client: d.client,
      dataStream: codecs.dataStream,
      metrics: createDeliverMetrics(registry),
      logger,
      now: () => Date.now(),
      random: Math.random,
    });
    const gone = deliverDlqTopic(d.config.topicPrefix, 'gone');
    try {
      await waitFor(
        () => http.received.length >= events.length,
        () => `${http.received.length} of ${events.length} delivered`,
      );
      let dead = await readTopic(d, gone);
      await waitFor(
        async () => (dead = await readTopic(d, gone)).length >= messages.length,
        () => `${dead.length} of ${messages.length} dead-lettered`,
      );

      // Signed, de-duplicable, and exactly the data stream's events.
      const now = Math.floor(Date.now() / 1000);
      for (const r of http.received) {
        expect(verifySignature(String(r.headers['wai-signature']), SECRET, r.body, now)).toBe(true);
        const body = JSON.parse(r.body) as { id: string; version: string };
        expect(body.version).toBe('wai.webhook.v1');
        expect(r.headers['wai-event-id']).toBe(body.id);
      }
      const ids = http.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
      expect([...ids].sort()).toEqual(events.map((e) => e.eventId).sort());
      // Each user's events (one record key) in the order the data stream holds them.
      const keyOf = new Map(stream.map((r, i) => [events[i]?.eventId, r.key?.toString()]));
      for (const key of new Set(keyOf.values())) {
        const inStream = events.map((e) => e.eventId).filter((id) => keyOf.get(id) === key);
        expect(ids.filter((id) => keyOf.get(id) === key)).toEqual(inStream);
      }

      // Refused at once (410 will not change): original bytes, the answer, one attempt.
      expect(dead).toHaveLength(messages.length);
      const originals = new Set(stream.map((r) => r.value?.toString('base64')));
      for (const r of dead) {
        expect(originals.has(r.value?.toString('base64'))).toBe(true);
        expect(header(r, DELIVER_HEADERS.status)).toBe('410');
        expect(header(r, DELIVER_HEADERS.attempts)).toBe('1');
        expect(header(r, DELIVER_HEADERS.detail)).toBe('subscription cancelled');
      }
      const metrics = await registry.metrics();
      expect(metrics).toContain(
        `wai_deliver_events_total{subscriber="crm",outcome="delivered"} ${events.length}`,
      );
      expect(metrics).toContain('wai_deliver_retries_total{subscriber="crm"} 1');
      expect(metrics).toContain(
        `wai_deliver_events_total{subscriber="gone",outcome="skipped"} ${events.length - messages.length}`,
      );

      // Committed only now: both groups at the end of the data stream.
      const admin = await d.client.admin();
      try {
        const ends = await admin.partitionOffsets(d.config.topics.dataStream);
        const parts = ends.map((e) => e.partition);
        for (const id of ['crm', 'gone']) {
          let committed = new Map<number, string | null>();
          await waitFor(
            async () => {
              committed = await admin.committedOffsets(
                `${d.config.appId}-deliver-${id}`,
                d.config.topics.dataStream,
                parts,
              );
              return ends.every(
                (e) => (committed.get(e.partition) ?? '0') === e.high || e.high === '0',
              );
            },
            () => `${id}: committed ${JSON.stringify([...committed])}`,
          );
        }
      } finally {
        await admin.disconnect();
      }
    } finally {
      await worker.stop();
      await worker.done;
      await http.close();
    }
  });
});
