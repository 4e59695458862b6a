// The systems under test, each started as N processes over a provisioned deployment of its own
// (same topic layout, same registered subjects, same input): ours (`wa-identity run`), the
// naive kafkajs loop (peers/naive/) and the Kafka Streams application (peers/kstreams/).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, built, startWorker, type Deployment } from './stack.mts';
import type { SystemName } from './options.ts';
import type * as KafkaModule from '../../processors/adapters/kafka/index.js';
import type * as LoggerModule from '../../processors/adapters/logging/logger.js';
import type * as WorkerModule from '../../processors/applications/worker/index.js';

const { createKafka, partitionForKey } = await built<typeof KafkaModule>('adapters/kafka/index.js');

/** The producers' partitioner, for generateMix. */
export const partitionOf = partitionForKey;
const { createLogger } = await built<typeof LoggerModule>('adapters/logging/logger.js');
const { WORKER_STAGE } = await built<typeof WorkerModule>('applications/worker/index.js');

export type { SystemName } from './options.ts';

export const KSTREAMS_DIR = join(ROOT, 'bench', 'peers', 'kstreams');
export const KSTREAMS_JAR = join(KSTREAMS_DIR, 'target', 'kstreams-peer.jar');
const NAIVE = join(ROOT, 'bench', 'peers', 'naive', 'naive.mts');

export interface Proc {
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
}

export interface Running {
  procs: Proc[];
  /** SIGKILLs process i and starts its replacement under the same instance id. */
  replace(i: number): Promise<void>;
  stop(): Promise<void>;
}

function spawnProc(command: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  createInterface({ input: child.stderr }).on('line', (l) => {
    if (log.length < 200) log.push(l);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { child, log, exited };
}

function startOne(system: SystemName, d: Deployment, i: number): Proc {
  switch (system) {
    case 'ours':
      return startWorker(d, `w${i}`);
    case 'naive':
      return spawnProc(process.execPath, [NAIVE], d.env);
    case 'kstreams':
      return spawnProc('java', ['-Xmx1g', '-jar', KSTREAMS_JAR], {
        KAFKA_BROKERS: d.env['KAFKA_BROKERS'] ?? '',
        SCHEMA_REGISTRY_URL: d.env['SCHEMA_REGISTRY_URL'] ?? '',
        PEER_TOPIC_PREFIX: d.config.topicPrefix,
        PEER_APP_ID: `${d.config.appId}-kstreams`,
        PEER_PORTFOLIO_MAP: d.env['WAI_PORTFOLIO_MAP'] ?? '{}',
        PEER_INSTANCE_ID: `k${i}`,
      });
  }
}

export function startSystem(system: SystemName, d: Deployment, workers: number): Running {
  const procs = Array.from({ length: workers }, (_, i) => startOne(system, d, i));
  return {
    procs,
    async replace(i) {
      const victim = procs[i];
      if (victim === undefined) throw new Error(`no process ${i}`);
      victim.child.kill('SIGKILL');
      await victim.exited;
      procs[i] = startOne(system, d, i);
    },
    async stop() {
      for (const p of procs) p.child.kill('SIGTERM');
      const forced = setTimeout(() => {
        for (const p of procs) p.child.kill('SIGKILL');
      }, 30_000);
      await Promise.all(procs.map((p) => p.exited));
      clearTimeout(forced);
    },
  };
}

/** A process that exited while it should run: its last log lines, for the error. */
export function crashed(running: Running): string | null {
  const dead = running.procs.find((p) => p.child.exitCode !== null);
  return dead === undefined
    ? null
    : `exited with ${dead.child.exitCode}: ${dead.log.slice(-5).join(' | ')}`;
}

/** Deletes every topic and consumer group of a deployment (the shared broker is not ours to fill). */
export async function removeTopics(d: Deployment): Promise<void> {
  const client = createKafka(d.config, createLogger({ level: 'warn' }));
  const admin = await client.admin();
  try {
    await admin.deleteTopics(Object.values(d.config.topics));
    const app = d.config.appId;
    await admin.deleteGroups([`${app}-${WORKER_STAGE}`, `${app}-naive`, `${app}-kstreams`]);
  } catch {
    // Best effort: a topic already gone or a broker that refuses leaves the rest as it is.
  } finally {
    await admin.disconnect();
  }
}
