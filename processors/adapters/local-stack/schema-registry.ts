// Apicurio Registry (Quarkus) with in-memory storage, serving the Confluent-compatible API.
import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { WaiError } from '../../domain/errors.js';
import { spawnJvm } from './jvm-process.js';
import type { JvmProcess } from './jvm-process.js';
import { ensureFetched } from './maven-fetch.js';
import { DEPLOY_LOCAL_DIR } from './paths.js';
import { freePorts } from './ports.js';
import { waitUntil } from './wait.js';

/** Newest 3.x on Maven Central that runs on Java 17 (3.1 and later are built for Java 21). */
export const DEFAULT_REGISTRY_VERSION = '3.0.9';

const CCOMPAT_PATH = '/apis/ccompat/v7';
const ARCHIVE = 'apicurio-registry-app.tar.gz';

export interface SchemaRegistryOptions {
  version: string;
  cacheDir: string;
  runDir: string;
  readyTimeoutMs: number;
  /** Added before the launcher's own JVM options (e.g. JIT / GC tuning). */
  jvmArgs: string[];
}

export interface SchemaRegistry {
  process: JvmProcess;
  /** Confluent-compatible base URL, what @kafkajs/confluent-schema-registry's `host` takes. */
  url: string;
  version: string;
}

export async function fetchRegistry(version: string, cacheDir: string): Promise<string> {
  const { dir } = await ensureFetched({
    cacheDir,
    name: `apicurio-registry-${version}`,
    pom: path.join(DEPLOY_LOCAL_DIR, 'apicurio', 'pom.xml'),
    args: [`-Dapicurio.version=${version}`, '-Ddist.dir={staging}', 'dependency:copy@dist'],
    finish: async (staging) => {
      const archive = path.join(staging, ARCHIVE);
      await promisify(execFile)('tar', ['-xzf', archive, '-C', staging]);
      await rm(archive);
    },
  });
  return dir;
}

/** 3.0.x ships an uber `*-runner.jar`; 3.1+ a fast-jar whose entry point is `quarkus-run.jar`. */
async function findRunnableJar(dir: string): Promise<string> {
  const names = await readdir(dir);
  const jar =
    names.find((n) => n === 'quarkus-run.jar') ?? names.find((n) => n.endsWith('-runner.jar'));
  if (jar !== undefined) return path.join(dir, jar);
  const fastJar = path.join(dir, 'quarkus-app');
  if (names.includes('quarkus-app')) return findRunnableJar(fastJar);
  throw new WaiError('WAI_CONFIG', `no quarkus-run.jar or *-runner.jar in ${dir}`);
}

export async function startSchemaRegistry(opts: SchemaRegistryOptions): Promise<SchemaRegistry> {
  const jar = await findRunnableJar(await fetchRegistry(opts.version, opts.cacheDir));
  const [port, managementPort] = await freePorts(2);
  if (port === undefined || managementPort === undefined) throw new Error('no free ports');
  const settings: Record<string, string | number | boolean> = {
    'quarkus.http.host': '127.0.0.1',
    'quarkus.http.port': port,
    // The management interface defaults to port 9000 on all interfaces: move it out of the way.
    'quarkus.management.host': '127.0.0.1',
    'quarkus.management.port': managementPort,
    'quarkus.banner.enabled': false,
    'quarkus.http.access-log.enabled': false,
    // Enforced on every subject without its own rule, like a Confluent registry's default.
    'apicurio.rules.global.compatibility': 'BACKWARD',
    // Off by default; tests delete the subjects they create.
    'apicurio.rest.deletion.artifact.enabled': true,
    'apicurio.rest.deletion.artifact-version.enabled': true,
    'apicurio.rest.deletion.group.enabled': true,
  };
  const registry = await spawnJvm({
    name: 'registry',
    args: [
      ...opts.jvmArgs,
      '-Xmx384m',
      '-Djava.awt.headless=true',
      ...Object.entries(settings).map(([key, value]) => `-D${key}=${String(value)}`),
      '-jar',
      jar,
    ],
    cwd: opts.runDir,
    logFile: path.join(opts.runDir, 'registry.log'),
    pidFile: path.join(opts.runDir, 'registry.pid'),
  });
  const url = `http://127.0.0.1:${port}${CCOMPAT_PATH}`;
  try {
    await waitUntil({
      what: `Apicurio Registry ${opts.version} on ${url}`,
      process: registry,
      timeoutMs: opts.readyTimeoutMs,
      errorCode: 'WAI_SCHEMA',
      probe: async () => (await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) })).ok,
    });
  } catch (err) {
    await registry.stop(5000);
    throw err;
  }
  return { process: registry, url, version: opts.version };
}
