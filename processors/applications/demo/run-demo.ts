// The main job on the embedded local stack: start Apache Kafka and Apicurio Registry (unless
// KAFKA_BROKERS and SCHEMA_REGISTRY_URL name running ones), provision the topics and
// schemas, run the worker in this process, append the bundled sample deliveries and outbound
// requests to the input log, wait until the worker has caught up, send the routed requests
// to a local Cloud API stand-in (sender) and the data stream to a local webhook receiver
// (deliver), and show what each topic received.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Env } from '../config.js';
import { isObject } from '../../domain/input/json-read.js';
import { loadConfig } from '../config.js';
import { createKafka, createSink } from '../../adapters/kafka/index.js';
import type { LocalStack } from '../../adapters/local-stack/index.js';
import { startLocalStack } from '../../adapters/local-stack/index.js';
import { createLogger } from '../../adapters/logging/logger.js';
import { readableLines } from '../../adapters/logging/readable-lines.js';
import { packageRoot } from '../../adapters/package-root.js';
import { WORKER_STAGE, domainSettings, startPipeline } from '../worker/index.js';
import { inputRecords } from '../input-log/append.js';
import { provision } from '../provision/provision.js';
import { createRegistryClient } from '../../adapters/avro/registry.js';
import { createTopicCodecs } from '../../adapters/avro/topic-codecs.js';
import { startWorkerHttp } from '../lookup/worker-http.js';
import { demoLookupEnv, demoLookupLines } from './lookup-step.js';
import { runOutboundLoop } from './outbound-loop.js';
import { waitUntilCaughtUp } from './quiescence.js';
import { readTopic, reportLines } from './topic-dump.js';

export interface DemoOptions {
  env: Env;
  stdout: Writable;
  stderr: Writable;
  deliveriesFile?: string;
  outboundFile?: string;
  catchUpTimeoutMs?: number;
  /** Keep serving the lookup API and explorer after the report, until `untilStopped` settles. */
  untilStopped?: () => Promise<void>;
}

const DEMO_ENV = {
  WAI_PORTFOLIO_MAP: JSON.stringify({
    wabas: { '102290129340398': 'acme' },
    phoneNumbers: { '106540352242922': 'acme' },
  }),
  WAI_KEY_SECRET: 'demo-secret-not-for-production',
  WAI_PARTITIONS: '3',
  LOG_LEVEL: 'warn',
};

function ndjsonLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** A bare send request `{requestId, …}` becomes the input log's `{"outbound": …}` line. */
function asRequestLine(line: string): string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return line; // kept as is: the worker puts it in the DLQ with why
  }
  const wrapped = isObject(value) && ('outbound' in value || 'admin' in value);
  return wrapped || !isObject(value) ? line : JSON.stringify({ outbound: value });
}

export async function runDemo(o: DemoOptions): Promise<number> {
  const say = (line: string): void => void o.stdout.write(`${line}\n`);
  const external = Boolean(o.env['KAFKA_BROKERS'] && o.env['SCHEMA_REGISTRY_URL']);
  const run = Date.now().toString(36);
  let stack: LocalStack | null = null;
  if (!external) {
    say('Starting Apache Kafka (KRaft) and Apicurio Registry from Maven Central jars (cached)…');
    stack = await startLocalStack();
    say(`  Kafka ${stack.versions.kafka} at ${stack.brokers.join(',')}`);
    say(`  Apicurio Registry ${stack.versions.registry} at ${stack.registryUrl}`);
  }
  const lookup = demoLookupEnv();
  try {
    const config = loadConfig({
      ...DEMO_ENV,
      ...lookup.env,
      ...o.env,
      ...(stack
        ? { KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl }
        : {}),
      // On someone else's cluster, fresh topic names so the demo touches nothing of theirs.
      WAI_TOPIC_PREFIX: external
        ? `demo-${run}.whatsapp.`
        : (o.env['WAI_TOPIC_PREFIX'] ?? 'whatsapp.'),
      WAI_APP_ID: `wa-identity-demo-${run}`,
    });
    // One readable line per log record: the demo's poison pill is expected, not a stack trace.
    const logger = createLogger({ level: config.logLevel, destination: readableLines(o.stderr) });
    const report = await provision(config, logger);
    say(
      `Provisioned ${report.topics.length} topics and ${report.subjects.length} Avro subjects (FULL_TRANSITIVE).`,
    );

    const http = await startWorkerHttp(config, logger);
    const pipeline = await startPipeline({
      config,
      logger,
      ...(http ? { metrics: http.metrics } : {}),
      ...(http?.endpoint ? { endpoint: http.endpoint } : {}),
    });
    http?.attach(pipeline);
    say(
      `Worker running: ${pipeline.stages.map((s) => `stage ${s.name} (group ${s.groupId})`).join(', ')}.`,
    );
    const client = createKafka(config, logger);
    const sink = await createSink(client);
    const demoDir = join(packageRoot(), 'deploy', 'demo');
    const deliveries = ndjsonLines(o.deliveriesFile ?? join(demoDir, 'deliveries.ndjson'));
    const requests = ndjsonLines(o.outboundFile ?? join(demoDir, 'outbound-requests.ndjson')).map(
      asRequestLine,
    );
    // One input log, keyed by portfolio: deliveries first, then the send requests, which
    // therefore see the contact book the deliveries built. Record time is the receipt time.
    const at = Date.now();
    const inputs = [...deliveries, ...requests].map((value) => ({ value, timestamp: at }));
    const admin = await client.admin();
    try {
      await sink.send(inputRecords(config.topics.input, inputs, domainSettings(config).routing));
      await waitUntilCaughtUp(
        admin,
        [{ groupId: `${config.appId}-${WORKER_STAGE}`, topics: [config.topics.input] }],
        o.catchUpTimeoutMs ?? 120_000,
      );
    } finally {
      await admin.disconnect();
      await sink.close();
    }
    say(
      `Sent ${deliveries.length} webhook deliveries and ${requests.length} outbound requests; the worker caught up.\n`,
    );

    const codecs = await createTopicCodecs(
      createRegistryClient(config.registryUrl ?? '', config.registrySecurity),
      config,
    );
    const loopAdmin = await client.admin();
    try {
      await runOutboundLoop({
        config,
        client,
        admin: loopAdmin,
        codecs,
        logger,
        say,
        timeoutMs: o.catchUpTimeoutMs ?? 120_000,
      });
    } finally {
      await loopAdmin.disconnect();
    }
    const lines = reportLines(codecs);
    for (const id of [
      'dataStream',
      'exportLog',
      'outboundResults',
      'contactBook',
      'dlq',
    ] as const) {
      const topic = config.topics[id];
      const records = await readTopic(client, topic);
      say(`== ${topic}: ${records.length} records`);
      for (const line of await (lines[id] as NonNullable<(typeof lines)[string]>)(records))
        say(`   ${line}`);
      say('');
    }
    if (http?.endpoint) {
      const base = `http://127.0.0.1:${http.server.port}`;
      say('== lookup API (the worker serves it from its state)');
      for (const l of await demoLookupLines(base, lookup.token)) say(`   ${l}`);
      say('');
      if (o.untilStopped) {
        say(`Identity explorer: ${base}/explorer  (portfolio acme, token ${lookup.token})`);
        say('Serving until Ctrl-C.');
        await o.untilStopped();
      }
    }
    await pipeline.stop();
    await pipeline.done;
    await http?.close();
    say('Stopped the worker cleanly.');
    return 0;
  } finally {
    if (stack) {
      await stack.stop();
      say('Stopped the local Kafka broker and schema registry.');
    }
  }
}
