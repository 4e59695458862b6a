// A broker outage as Meta meets it: a real `wa-identity ingress` process in front of a broker
// of the test's own (started from the same Maven Central jars), which the test stops and
// starts again. While it is down a delivery is refused with 503 (and /ready says 503), so
// Meta keeps it and retries; once the broker is back the retry is acknowledged, and every
// delivery that ever got a 200, and the retried one, is on the input log byte for byte.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type AppConfig } from '../../../processors/applications/config.js';
import { createKafka, restorePartitions } from '../../../processors/adapters/kafka/index.js';
import type { InputRecord } from '../../../processors/adapters/kafka/index.js';
import {
  DEFAULT_KAFKA_VERSION,
  startKafkaBroker,
  type KafkaBroker,
} from '../../../processors/adapters/local-stack/kafka-broker.js';
import { defaultCacheDir, newRunDir } from '../../../processors/adapters/local-stack/paths.js';
import { freePorts } from '../../../processors/adapters/local-stack/ports.js';
import { PIPELINE_ENV, metaInbound } from '../../unit/pipeline/inputs.js';
import { startCli, type CliProcess } from '../pipeline/cli-process.js';
import { logger } from '../pipeline/harness.js';

const SECRET = 'outage-meta-app-secret';
let broker: KafkaBroker | undefined;
let runDir: string | undefined;
let config: AppConfig;
let ingress: CliProcess | undefined;
let url: (path: string) => string;

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
const post = (body: string) =>
  fetch(url('/webhooks/meta'), {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
  });

async function inputLog(): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  await restorePartitions(createKafka(config, logger), {
    topic: config.topics.input,
    partitions: [0],
    apply: (r) => void records.push(r),
  });
  return records;
}

beforeAll(async () => {
  const dir = newRunDir();
  runDir = dir;
  const started = await startKafkaBroker({
    version: DEFAULT_KAFKA_VERSION,
    cacheDir: defaultCacheDir(),
    runDir: dir,
    readyTimeoutMs: 180_000,
    jvmArgs: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'],
  });
  broker = started;
  const env = {
    ...PIPELINE_ENV,
    KAFKA_BROKERS: started.bootstrap,
    WAI_TOPIC_PREFIX: 'outage.',
    WAI_APP_ID: 'outage',
  };
  config = loadConfig(env);
  const admin = await createKafka(config, logger).admin();
  await admin.createTopics([{ name: config.topics.input, partitions: 1 }]);
  await admin.disconnect();
  const [port] = await freePorts(1);
  const cli = startCli(['ingress'], {
    ...env,
    WAI_META_APP_SECRETS: SECRET,
    WAI_INGRESS_PORT: String(port),
    WAI_INGRESS_HOST: '127.0.0.1',
    WAI_INGRESS_ACK_TIMEOUT_MS: '2000',
    // A send refused during the outage may still be retrying when the stop comes.
    WAI_SHUTDOWN_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'info',
  });
  ingress = cli;
  url = (path) => `http://127.0.0.1:${port}${path}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(url('/healthz')).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`ingress did not start: ${cli.log.join('\n')}`);
    await sleep(200);
  }
}, 300_000);

afterAll(async () => {
  if (ingress !== undefined && ingress.child.exitCode === null) {
    ingress.child.kill('SIGKILL');
    await ingress.exited;
  }
  await broker?.process.stop(10_000);
  if (runDir !== undefined) await rm(runDir, { recursive: true, force: true });
}, 60_000);

describe('wa-identity ingress through a broker outage', () => {
  it('answers 503 while the broker is down and loses nothing once Meta retries', async () => {
    const before = metaInbound('wamid.OUT1', '2026-09-03T11:00:00Z', true);
    expect((await post(before)).status).toBe(200);

    const b = broker;
    if (b === undefined) throw new Error('no broker');
    await b.stop(10_000);
    const during = metaInbound('wamid.OUT2', '2026-09-03T11:01:00Z', true);
    const refused = await post(during);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect((await fetch(url('/ready'))).status).toBe(503);
    expect((await fetch(url('/healthz'))).status).toBe(200);

    await b.start();
    // Meta's retry, with backoff, until the ingress acknowledges it.
    const deadline = Date.now() + 90_000;
    let status = (await post(during)).status;
    while (status !== 200) {
      if (Date.now() > deadline) throw new Error(`retry never acknowledged: ${status}`);
      await sleep(1000);
      status = (await post(during)).status;
    }
    expect((await fetch(url('/ready'))).status).toBe(200);

    const values = (await inputLog()).map((r) => r.value?.toString());
    expect(values.filter((v) => v === before)).toHaveLength(1);
    // At least once: the refused attempt may also have landed after the broker came back
    // (its send outlived the deadline); the worker drops the copy by event id.
    const retried = values.filter((v) => v === during).length;
    expect(retried).toBeGreaterThanOrEqual(1);
    expect(retried).toBeLessThanOrEqual(2);
    expect(values.every((v) => v === before || v === during)).toBe(true);

    // A stop is bounded even while a send refused during the outage still retries: the
    // process exits within WAI_SHUTDOWN_TIMEOUT_MS (5 s here) of SIGTERM.
    const cli = ingress;
    if (cli === undefined) throw new Error('no ingress');
    cli.child.kill('SIGTERM');
    const exit = await Promise.race([cli.exited, sleep(20_000).then(() => null)]);
    expect(exit).not.toBeNull();
  }, 240_000);
});
