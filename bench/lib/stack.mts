// Shared pieces of the Kafka benchmarks: the embedded local stack (or KAFKA_BROKERS and
// SCHEMA_REGISTRY_URL when both are set), a provisioned deployment of its own, `wa-identity
// run` workers as child processes, a paced appender to the input log, and the group's
// committed offsets per partition. Imports the built product (`npm run build` first).
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AppConfig } from '../../processors/applications/config.js';
import type * as TrafficModule from '../../test/helpers/traffic.js';
import type * as ConfigModule from '../../processors/applications/config.js';
import type * as ProvisionModule from '../../processors/applications/provision/provision.js';
import type * as WorkerModule from '../../processors/applications/worker/index.js';
import type * as AppendModule from '../../processors/applications/input-log/append.js';
import type * as KafkaModule from '../../processors/adapters/kafka/index.js';
import type * as LocalStackModule from '../../processors/adapters/local-stack/index.js';
import type * as LoggerModule from '../../processors/adapters/logging/logger.js';

export const ROOT = join(import.meta.dirname, '..', '..');

/** A module of the build (dist/processors/…), typed by its source. */
export async function built<T>(path: string): Promise<T> {
  return (await import(join(ROOT, 'dist', 'processors', path))) as T;
}

/** The traffic generator of the tests (Node runs the TypeScript source as it is). */
export const { generateTraffic } = (await import(
  join(ROOT, 'test', 'helpers', 'traffic.ts')
)) as typeof TrafficModule;

const { loadConfig } = await built<typeof ConfigModule>('applications/config.js');
const { provision } = await built<typeof ProvisionModule>('applications/provision/provision.js');
const { domainSettings, WORKER_STAGE } = await built<typeof WorkerModule>(
  'applications/worker/index.js',
);
const { inputRecords } = await built<typeof AppendModule>('applications/input-log/append.js');
const { createKafka, createSink } = await built<typeof KafkaModule>('adapters/kafka/index.js');
const { startLocalStack } = await built<typeof LocalStackModule>('adapters/local-stack/index.js');
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');
const BIN = join(ROOT, 'bin', 'wa-identity.js');

export interface Deployment {
  env: Record<string, string>;
  config: AppConfig;
  stop(): Promise<void>;
}

export async function deploy(name: string, env: Record<string, string>): Promise<Deployment> {
  const external = Boolean(process.env['KAFKA_BROKERS'] && process.env['SCHEMA_REGISTRY_URL']);
  const stack = external ? null : await startLocalStack({ fastStartup: false });
  const run = `${name}-${Date.now().toString(36)}`;
  const full: Record<string, string> = {
    KAFKA_BROKERS: stack?.brokers.join(',') ?? process.env['KAFKA_BROKERS'] ?? '',
    SCHEMA_REGISTRY_URL: stack?.registryUrl ?? process.env['SCHEMA_REGISTRY_URL'] ?? '',
    WAI_TOPIC_PREFIX: `${run}.`,
    WAI_APP_ID: run,
    WAI_KEY_SECRET: 'bench-secret-of-enough-length',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const config = loadConfig(full);
  await provision(config, createLogger({ level: 'warn' }));
  return {
    env: full,
    config,
    stop: async () => {
      await stack?.stop();
    },
  };
}

export interface Worker {
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
}

export function startWorker(
  d: Deployment,
  instance: string,
  env: Record<string, string> = {},
): Worker {
  const child = spawn(process.execPath, [BIN, 'run', '--allow-dev-secret'], {
    env: { ...process.env, ...d.env, WAI_INSTANCE_ID: instance, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  createInterface({ input: child.stderr }).on('line', (l) => log.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { child, log, exited };
}

export interface InputLine {
  value: string;
  timestamp: number;
}

/** Appends lines keyed by portfolio: `perSecond` of them per second, or as fast as it can. */
export async function append(
  d: Deployment,
  lines: readonly InputLine[],
  perSecond: number | null,
  stopped: () => boolean = () => false,
): Promise<number> {
  const client = createKafka(d.config, createLogger({ level: 'warn' }));
  const sink = await createSink(client);
  const routing = domainSettings(d.config).routing;
  const start = Date.now();
  const chunk = perSecond === null ? 500 : Math.max(1, Math.round(perSecond / 20));
  let sent = 0;
  try {
    for (let i = 0; i < lines.length && !stopped(); i += chunk) {
      const now = Date.now();
      const slice = lines.slice(i, i + chunk).map((l) => ({ ...l, timestamp: now }));
      await sink.send(inputRecords(d.config.topics.input, slice, routing));
      sent += slice.length;
      if (perSecond !== null) {
        const due = start + (sent / perSecond) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
    }
  } finally {
    await sink.close();
  }
  return sent;
}

/** The worker group's committed offset per input partition (-1 where none). */
export async function committed(d: Deployment): Promise<number[]> {
  const client = createKafka(d.config, createLogger({ level: 'warn' }));
  const admin = await client.admin();
  try {
    const parts = Array.from({ length: d.config.partitions }, (_, i) => i);
    const offsets = await admin.committedOffsets(
      `${d.config.appId}-${WORKER_STAGE}`,
      d.config.topics.input,
      parts,
    );
    return parts.map((p) => Number(offsets.get(p) ?? -1));
  } finally {
    await admin.disconnect();
  }
}

/** Input-log end offset per partition. */
export async function ends(d: Deployment): Promise<number[]> {
  const client = createKafka(d.config, createLogger({ level: 'warn' }));
  const admin = await client.admin();
  try {
    const offsets = await admin.partitionOffsets(d.config.topics.input);
    return offsets.sort((a, b) => a.partition - b.partition).map((o) => Number(o.high));
  } finally {
    await admin.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Writes a bench's numbers to bench/results/<date>-<commit>-<bench>.json; that file's path. */
export function writeResult(bench: string, result: object): string {
  const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().slice(0, 10)}-${commit}-${bench}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
