// A real Kafka broker and a Confluent-compatible schema registry as two local JVMs, fetched
// from Maven Central and cached, for tests and local runs on machines without Docker.
// See deploy/local/README.md for the files it leaves and how to clean up after a crash.
import { mkdir, rm, writeFile } from 'node:fs/promises';

import { WaiError, toWaiError } from '../../domain/errors.js';
import { DEFAULT_KAFKA_VERSION, startKafkaBroker } from './kafka-broker.js';
import type { KafkaBroker } from './kafka-broker.js';
import { defaultCacheDir, newRunDir } from './paths.js';
import { DEFAULT_REGISTRY_VERSION, startSchemaRegistry } from './schema-registry.js';
import type { SchemaRegistry } from './schema-registry.js';

export { DEFAULT_KAFKA_VERSION } from './kafka-broker.js';
export { DEFAULT_REGISTRY_VERSION } from './schema-registry.js';
export { RUNS_DIR, defaultCacheDir } from './paths.js';

export interface LocalStackOptions {
  kafkaVersion?: string;
  registryVersion?: string;
  /** Jars and the registry distribution; default `$WAI_CACHE_DIR` or ~/.cache/wa-identity-stream. */
  cacheDir?: string;
  /** Logs, pid files and Kafka data; default a fresh dir under `.run/local-stack/`. */
  runDir?: string;
  /** Keep the run dir's logs after stop() (the Kafka data dir is removed regardless). */
  keepLogs?: boolean;
  readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  /**
   * Default true: C1-only JIT and the serial GC, which roughly halve start-up on two cores
   * (measured 5 s vs 8–11 s warm). Set false before measuring the broker's throughput.
   */
  fastStartup?: boolean;
}

const FAST_STARTUP_JVM_ARGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface LocalStack {
  brokers: string[];
  /** Confluent-compatible API base, e.g. http://127.0.0.1:PORT/apis/ccompat/v7. */
  registryUrl: string;
  versions: { kafka: string; registry: string };
  runDir: string;
  /** Stops the broker and starts it again on the same ports and data (fault injection). */
  restartBroker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const runDir = opts.runDir ?? newRunDir();
  const common = {
    cacheDir: opts.cacheDir ?? defaultCacheDir(),
    runDir,
    readyTimeoutMs: opts.readyTimeoutMs ?? 120_000,
    jvmArgs: opts.fastStartup === false ? [] : FAST_STARTUP_JVM_ARGS,
  };
  const graceMs = opts.stopGraceMs ?? 15_000;
  await mkdir(runDir, { recursive: true });
  // scripts/stop-local-stack leaves a stack alone while the process that started it lives.
  await writeFile(`${runDir}/owner.pid`, String(process.pid));

  // In parallel: both are JVM start-ups dominated by class loading, and there are two cores.
  const [kafka, registry] = await Promise.allSettled([
    startKafkaBroker({ ...common, version: opts.kafkaVersion ?? DEFAULT_KAFKA_VERSION }),
    startSchemaRegistry({ ...common, version: opts.registryVersion ?? DEFAULT_REGISTRY_VERSION }),
  ]);
  const started = [kafka, registry].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stopAll = async (removeLogs: boolean): Promise<void> => {
    await Promise.all(started.map((s) => s.process.stop(graceMs)));
    await rm(removeLogs ? runDir : `${runDir}/kafka-data`, { recursive: true, force: true });
  };

  if (kafka.status === 'rejected' || registry.status === 'rejected') {
    await stopAll(false);
    const failures = [
      ['Kafka', kafka],
      ['schema registry', registry],
    ] as const;
    const errors = failures.flatMap(([what, r]) =>
      r.status === 'rejected' ? [{ what, err: toWaiError(r.reason) }] : [],
    );
    const [first, second] = errors;
    if (first === undefined) throw new Error('unreachable: a start was rejected');
    if (second === undefined) throw first.err;
    const message = errors.map(({ what, err }) => `${what}: ${err.message}`).join('\n\n');
    throw new WaiError(first.err.code, `local stack failed to start.\n${message}`, {
      cause: first.err,
    });
  }
  return describe(kafka.value, registry.value, runDir, () => stopAll(!opts.keepLogs));
}

function describe(
  kafka: KafkaBroker,
  registry: SchemaRegistry,
  runDir: string,
  stopAll: () => Promise<void>,
): LocalStack {
  let stopping: Promise<void> | undefined;
  return {
    brokers: [kafka.bootstrap],
    registryUrl: registry.url,
    versions: { kafka: kafka.version, registry: registry.version },
    runDir,
    restartBroker: () => kafka.restart(),
    stop: () => (stopping ??= stopAll()),
  };
}
