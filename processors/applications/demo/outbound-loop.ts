// The demo's second half: the outbound loop and the subscribers' side, all local. The sender
// sends the routed requests to a Cloud API stand-in (the real API cannot be reached from a
// demo) and records Meta-shaped answers in the input log, which the worker applies; then the
// deliver worker pushes the data stream to a local webhook receiver that checks every
// signature. Waits on conditions (committed offsets), never on fixed sleeps.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { verifySignature, SIGNATURE_HEADER } from '../../domain/delivery/signing.js';
import type { KafkaAdmin, KafkaClient } from '../../adapters/kafka/index.js';
import type { TopicCodecs } from '../../adapters/avro/topic-codecs.js';
import { startCloudApiStandIn } from '../../adapters/local-stack/cloud-api-stand-in.js';
import type { Logger } from '../../adapters/logging/logger.js';
import { createDeliverMetrics } from '../../adapters/metrics/deliver-metrics.js';
import type { AppConfig } from '../config.js';
import { loadDeliverSettings } from '../deliver/deliver-config.js';
import { startDeliver } from '../deliver/deliver-worker.js';
import { loadSenderSettings } from '../sender/sender-config.js';
import { startSender } from '../sender/sender-worker.js';
import { WORKER_STAGE } from '../worker/index.js';
import { waitUntilCaughtUp } from './quiescence.js';

export interface LoopOptions {
  config: AppConfig;
  client: KafkaClient;
  admin: KafkaAdmin;
  codecs: TopicCodecs;
  logger: Logger;
  say: (line: string) => void;
  timeoutMs: number;
}

const DEMO_SECRET = 'demo-subscriber-secret-0123456789';

/** Lets a started worker run until its group has consumed `topic` to the end, then stops it. */
async function drain<W extends { stop(): Promise<void> }>(
  o: LoopOptions,
  worker: W,
  groupId: string,
  topic: string,
): Promise<W> {
  try {
    await waitUntilCaughtUp(o.admin, [{ groupId, topics: [topic] }], o.timeoutMs);
  } finally {
    await worker.stop();
  }
  return worker;
}

export async function runOutboundLoop(o: LoopOptions): Promise<void> {
  const { config } = o;
  const api = await startCloudApiStandIn({ token: 'demo-access-token' });
  try {
    const started = await startSender({
      config,
      settings: loadSenderSettings({
        WAI_CLOUD_API_URL: api.url,
        WAI_CLOUD_API_TOKEN: 'demo-access-token',
      }),
      client: o.client,
      decode: (bytes) => o.codecs.outboundResults.decode(bytes),
      logger: o.logger,
      now: () => Date.now(),
      random: Math.random,
    });
    const sender = await drain(o, started, `${config.appId}-sender`, config.topics.outboundResults);
    await waitUntilCaughtUp(
      o.admin,
      [{ groupId: `${config.appId}-${WORKER_STAGE}`, topics: [config.topics.input] }],
      o.timeoutMs,
    );
    const ids = api.answers.filter((a) => a.startsWith('wamid.'));
    o.say(
      `Sender: ${api.answers.length} sends to the local Cloud API stand-in at ${api.url}, ` +
        `${ids.length} accepted (SENT ${sender.counts.SENT}, FAILED ${sender.counts.FAILED}, ` +
        `UNKNOWN ${sender.counts.UNKNOWN}); the answers went back through the input log.`,
    );
  } finally {
    await api.close();
  }

  let received = 0;
  let verified = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received += 1;
      const header = req.headers[SIGNATURE_HEADER];
      const body = Buffer.concat(chunks).toString('utf8');
      const ok =
        typeof header === 'string' &&
        verifySignature(header, DEMO_SECRET, body, Math.floor(Date.now() / 1000));
      if (ok) verified += 1;
      res.writeHead(ok ? 204 : 401).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => receiver.once('listening', resolve));
  const { port } = receiver.address() as AddressInfo;
  try {
    const deliver = await startDeliver({
      config,
      settings: loadDeliverSettings({
        WAI_SUBSCRIBERS: JSON.stringify([
          { id: 'demo-crm', url: `http://127.0.0.1:${port}/hooks/wa`, secretEnv: 'DEMO_SECRET' },
        ]),
        DEMO_SECRET,
      }),
      client: o.client,
      dataStream: o.codecs.dataStream,
      metrics: createDeliverMetrics(new Registry()),
      logger: o.logger,
      now: () => Date.now(),
      random: Math.random,
    });
    await drain(o, deliver, `${config.appId}-deliver-demo-crm`, config.topics.dataStream);
    o.say(
      `Deliver: ${received} data-stream events POSTed to a local webhook receiver, ` +
        `${verified} signatures verified (Wai-Signature, HMAC-SHA256).\n`,
    );
  } finally {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}
