// Benchmark: `wa-identity ingress` taking signed Meta deliveries.
//   throughput  N POSTs to /webhooks/meta, each with a valid X-Hub-Signature-256, from C
//               concurrent keep-alive clients; a request counts once the ingress answered 200,
//               which it does only after the broker acknowledged the record (acks=all):
//               signed requests acked per second, from the first timed request to the last
//   latency     per request, request start → full 200 answer: p50 / p99 / max
//   check       afterwards a read_committed read of the input log from its start: exactly the
//               N records, each body byte for byte under its portfolio's key (a multiset
//               compare of every record, not a sample), or the bench fails
// The first C requests warm up the connections and the producer: sent and checked, not timed.
//   npm run build && node bench/ingress.mts [requests=5000] [clients=32]
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, built, deploy, generateTraffic, percentile, writeResult } from './lib/stack.mts';
import type * as KafkaModule from '../processors/adapters/kafka/index.js';
import type * as LoggerModule from '../processors/adapters/logging/logger.js';
import type * as InputLogModule from '../processors/domain/stream/input-log.js';
import type * as WorkerModule from '../processors/applications/worker/index.js';

const { createKafka, readRange } = await built<typeof KafkaModule>('adapters/kafka/index.js');
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');
const { readInput, inputKeys } = await built<typeof InputLogModule>('domain/stream/input-log.js');
const { domainSettings } = await built<typeof WorkerModule>('applications/worker/index.js');

const requests = Number(process.argv[2] ?? 5000);
const clients = Number(process.argv[3] ?? 32);
if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(clients) || clients < 1) {
  console.error('usage: node bench/ingress.mts [requests>=1] [clients>=1]');
  process.exit(2);
}
const SECRET = 'bench-meta-app-secret';
const traffic = generateTraffic({ seed: 14, records: requests * 2, portfolios: 3 });
const d = await deploy('bench-ingress', {
  WAI_PARTITIONS: '3',
  WAI_PORTFOLIO_MAP: JSON.stringify(traffic.portfolioMap),
});
const routing = domainSettings(d.config).routing;

// Webhook deliveries of one portfolio each (control records are not webhooks: the ingress
// refuses them), with the key the ingress must append each under.
const bodies: { body: Buffer; key: string; signature: string }[] = [];
for (const input of traffic.inputs) {
  if (bodies.length === requests) break;
  const read = readInput(input.value, 0, routing);
  const keys = inputKeys(read);
  if (read.kind !== 'delivery' || keys.length !== 1) continue;
  const body = Buffer.from(input.value);
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  bodies.push({ body, key: keys[0] ?? '', signature });
}
if (bodies.length < requests) throw new Error(`only ${bodies.length} webhook bodies generated`);

const ingress = spawn(process.execPath, [join(ROOT, 'bin', 'wa-identity.js'), 'ingress'], {
  env: {
    ...process.env,
    ...d.env,
    LOG_LEVEL: 'info',
    WAI_META_APP_SECRETS: SECRET,
    WAI_INGRESS_HOST: '127.0.0.1',
    WAI_INGRESS_PORT: '0',
    WAI_INGRESS_MAX_IN_FLIGHT: String(Math.max(256, clients * 2)),
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const exited = new Promise((resolve) => ingress.once('exit', resolve));
const port = await new Promise<number>((resolve, reject) => {
  const lines = createInterface({ input: ingress.stderr });
  lines.on('line', (line) => {
    if (!line.includes('ingress listening')) return;
    resolve((JSON.parse(line) as { port: number }).port);
    lines.removeAllListeners('line');
    lines.on('line', (l) => {
      if (l.includes('"level":50')) console.error(l);
    });
  });
  ingress.once('exit', (code) => reject(new Error(`ingress exited with ${code}`)));
});

const agent = new Agent({ keepAlive: true, maxSockets: clients });
function post(i: number): Promise<number> {
  const { body, signature } = bodies[i] as (typeof bodies)[number];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/webhooks/meta',
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature-256': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) resolve(performance.now() - started);
          else reject(new Error(`request ${i}: HTTP ${res.statusCode}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends requests from..to-1 from `clients` concurrent loops; each request's latency in ms. */
async function send(from: number, to: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = from;
  const loop = async (): Promise<void> => {
    while (next < to) latencies.push(await post(next++));
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return latencies;
}

const warmup = Math.min(clients, requests - 1);
await send(0, warmup);
const started = performance.now();
const latencies = (await send(warmup, requests)).sort((a, b) => a - b);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
ingress.kill('SIGTERM');
await exited;

// The check: every record of the input log, read_committed, against what was acked.
const expected = new Map<string, number>();
const id = (key: string, value: Buffer): string => `${key}\u0000${value.toString('base64')}`;
for (const b of bodies) expected.set(id(b.key, b.body), (expected.get(id(b.key, b.body)) ?? 0) + 1);
const client = createKafka(d.config, createLogger({ level: 'warn' }));
const admin = await client.admin();
const offsets = await admin.partitionOffsets(d.config.topics.input);
await admin.disconnect();
let found = 0;
let unexpected = 0;
await readRange(client, {
  topic: d.config.topics.input,
  from: new Map(offsets.map((o) => [o.partition, o.low])),
  to: new Map(offsets.map((o) => [o.partition, o.high])),
  apply: (r) => {
    found += 1;
    const k = id(r.key?.toString() ?? '', r.value ?? Buffer.alloc(0));
    const left = expected.get(k) ?? 0;
    if (left === 0) unexpected += 1;
    else expected.set(k, left - 1);
  },
});
const missing = [...expected.values()].reduce((a, b) => a + b, 0);
await d.stop();

const timed = requests - warmup;
const result = {
  requests,
  clients,
  warmupRequests: warmup,
  timedRequests: timed,
  seconds: Number(seconds.toFixed(2)),
  signedRequestsAckedPerSecond: Math.round(timed / seconds),
  latencyMs: {
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
    max: Number((latencies.at(-1) ?? NaN).toFixed(1)),
  },
  inputLog: { records: found, missing, unexpected, byteForByte: missing === 0 && unexpected === 0 },
};
console.log(
  `ingress, ${clients} keep-alive clients: ${timed} signed requests acked in ${seconds.toFixed(1)} s = ` +
    `${result.signedRequestsAckedPerSecond} requests/s; latency p50 ${result.latencyMs.p50} ms, ` +
    `p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
);
console.log(
  `  input log: ${found} records for ${requests} requests, ${missing} missing, ${unexpected} unexpected`,
);
writeResult('ingress', result);
process.exit(result.inputLog.byteForByte && found === requests ? 0 : 1);
