// Configuration is parsed once at start-up: environment (+ optional overrides from CLI flags)
// → validation → defaults → a frozen object. Every problem is reported at once, each naming
// its variable. Nothing else in the product reads process.env.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { WaiError } from '../domain/errors.js';
import { isoTimeToMs } from '../domain/input/iso-time.js';
import { DEFAULT_LIMITS, type InputLimits } from '../domain/stream/limits.js';
import {
  EMPTY_PORTFOLIO_MAP,
  readPortfolioMap,
  type PortfolioMap,
} from '../domain/webhooks/portfolio-map.js';
import {
  DEFAULT_INPUT_RETENTION_MS,
  topicNames,
  type TopicNames,
} from '../adapters/kafka/topics.js';
import type { KafkaSasl, KafkaTls } from '../adapters/kafka/index.js';
import type { RegistrySecurity } from '../adapters/avro/registry.js';
import { kafkaSecurityVars, registrySecurityVars } from './security-config.js';
import { Problems, type Env } from './problems.js';
import { lookupVars, type LookupConfig } from './lookup-config.js';

export { Problems, type Env } from './problems.js';

export interface AppConfig {
  /** Consumer-group and transactional-id prefix; one per deployment of the processor. */
  appId: string;
  kafka: {
    brokers: readonly string[];
    clientId: string;
    /** SASL (WAI_KAFKA_SASL_*); null: none. */
    sasl: KafkaSasl | null;
    /** TLS (WAI_KAFKA_TLS*); null: plaintext. */
    tls: KafkaTls | null;
  };
  registryUrl: string | null;
  /** Basic auth and CA of the registry (SCHEMA_REGISTRY_USERNAME, _PASSWORD, _CA_FILE). */
  registrySecurity: RegistrySecurity;
  topicPrefix: string;
  topics: TopicNames;
  partitions: number;
  replicationFactor: number;
  /**
   * WAI_INPUT_RETENTION_MS: the input log's `retention.ms` at provisioning, -1 (default):
   * forever. The replay horizon, and how long raw deliveries (whole vCards) are kept.
   */
  inputRetentionMs: number;
  /** Validated once here: WABA id / business phone-number id → portfolio id. */
  portfolios: PortfolioMap;
  /** Reject deliveries whose WABA / number is not mapped, instead of `waba:<id>`. */
  strictPortfolios: boolean;
  /** Contact-book launch (epoch ms): interactions before it are never stored. */
  contactBookLaunchAt: number;
  /** HMAC secret for phone-alias keys; phone numbers never appear in clear in keys. */
  keySecret: string;
  /** True when keySecret is the development default (refused by `run`). */
  keySecretIsDefault: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** Consumer-group timing of the worker: how fast a killed worker's partitions move. */
  group: {
    /** WAI_INSTANCE_ID: this worker across restarts (default: the host name). */
    readonly instanceId: string;
    readonly sessionTimeoutMs: number;
    readonly heartbeatIntervalMs: number;
    readonly rebalanceTimeoutMs: number;
  };
  /**
   * WAI_FAULT_KILL_BEFORE_COMMIT, for the fault-injection suite only: N > 0 makes the worker
   * SIGKILL itself after its Nth chunk's outputs were sent and before that chunk commits.
   * 0: never.
   */
  faultKillBeforeCommit: number;
  /** Bounds on one input record's work (bytes, JSON depth, items); above: the DLQ. */
  limits: InputLimits;
  /** `wa-identity run`'s /metrics + /healthz endpoint; port null: nothing listens. */
  metrics: { readonly port: number | null; readonly host: string };
  /** The contact lookup API on the same endpoint (lookup-config.ts); tokens null: off. */
  lookup: LookupConfig;
}

export const DEFAULT_KEY_SECRET = 'wa-identity-development-only-secret';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function intVar(env: Env, name: string, fallback: number, min: number, p: Problems): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    p.add(name, `must be an integer >= ${min}, got "${raw}"`);
    return fallback;
  }
  return n;
}

function boolVar(env: Env, name: string, p: Problems): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return false;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  p.add(name, `must be true or false, got "${raw}"`);
  return false;
}

/** At least the 30-day window, so a replay from the log start still sees what opens one. */
export const MIN_INPUT_RETENTION_MS = 30 * 24 * 3_600_000;

/** `WAI_INPUT_RETENTION_MS`: -1 (forever, the default) or at least 30 days in ms. */
function inputRetentionVar(env: Env, p: Problems): number {
  const name = 'WAI_INPUT_RETENTION_MS';
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_INPUT_RETENTION_MS;
  const n = Number(raw);
  if (n === -1 || (Number.isSafeInteger(n) && n >= MIN_INPUT_RETENTION_MS)) return n;
  p.add(
    name,
    `must be -1 (forever) or at least ${MIN_INPUT_RETENTION_MS} ms (30 days, the window a replay must see), got "${raw}"`,
  );
  return DEFAULT_INPUT_RETENTION_MS;
}

/** `WAI_PORTFOLIO_MAP`: inline JSON, or `@<path>` to a JSON file. */
function portfolioMapVar(raw: string | undefined, name: string, p: Problems): PortfolioMap {
  if (raw === undefined || raw.trim() === '') return EMPTY_PORTFOLIO_MAP;
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = readFileSync(raw.slice(1), 'utf8');
    } catch (err) {
      p.add(name, `cannot read ${raw.slice(1)}: ${(err as Error).message}`);
      return EMPTY_PORTFOLIO_MAP;
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    p.add(name, 'is not valid JSON (expected {"wabas": {...}, "phoneNumbers": {...}})');
    return EMPTY_PORTFOLIO_MAP;
  }
  const { map, problems } = readPortfolioMap(json, name);
  for (const problem of problems) p.add(problem.field, problem.message);
  return map;
}

/** `WAI_METRICS_PORT` (unset: no endpoint) and `WAI_METRICS_HOST`. */
function metricsVars(env: Env, p: Problems): AppConfig['metrics'] {
  const raw = env['WAI_METRICS_PORT']?.trim();
  let port: number | null = null;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (/^\d+$/.test(raw) && n <= 65535) port = n;
    else p.add('WAI_METRICS_PORT', `must be a port number 0-65535, got "${raw}"`);
  }
  const host = env['WAI_METRICS_HOST']?.trim() || '0.0.0.0';
  if (/[\s/]/.test(host))
    p.add('WAI_METRICS_HOST', `must be a host name or address, got "${host}"`);
  return Object.freeze({ port, host });
}

/** Session timeout, heartbeat and rebalance timeout, checked against each other. */
function groupVars(env: Env, p: Problems): AppConfig['group'] {
  // The broker accepts sessions of group.min.session.timeout.ms (6 s) or more by default.
  const sessionTimeoutMs = intVar(env, 'WAI_SESSION_TIMEOUT_MS', 10_000, 1000, p);
  const heartbeatIntervalMs = intVar(
    env,
    'WAI_HEARTBEAT_INTERVAL_MS',
    Math.max(500, Math.floor(sessionTimeoutMs / 10)),
    100,
    p,
  );
  const rebalanceTimeoutMs = intVar(env, 'WAI_REBALANCE_TIMEOUT_MS', 30_000, 1000, p);
  if (heartbeatIntervalMs >= sessionTimeoutMs) {
    p.add(
      'WAI_HEARTBEAT_INTERVAL_MS',
      `must be below WAI_SESSION_TIMEOUT_MS (${sessionTimeoutMs})`,
    );
  }
  const instanceId = env['WAI_INSTANCE_ID']?.trim() || hostname();
  return Object.freeze({ instanceId, sessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs });
}

/** WAI_KEY_SECRET, or the first line of WAI_KEY_SECRET_FILE; else the development value. */
function keySecretVar(env: Env, p: Problems): string {
  const file = env['WAI_KEY_SECRET_FILE']?.trim();
  const inline = env['WAI_KEY_SECRET'];
  let secret = inline;
  if (file !== undefined && file !== '') {
    if (inline !== undefined) {
      p.add('WAI_KEY_SECRET', 'give WAI_KEY_SECRET or WAI_KEY_SECRET_FILE, not both');
    }
    try {
      secret = readFileSync(file, 'utf8').split('\n')[0]?.trim() ?? '';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      p.add('WAI_KEY_SECRET_FILE', `cannot read ${file}: ${code}`);
    }
  }
  if (secret !== undefined && secret.length < 16) {
    p.add('WAI_KEY_SECRET', 'must be at least 16 characters');
  }
  return secret ?? DEFAULT_KEY_SECRET;
}

export function loadConfig(env: Env): AppConfig {
  const p = new Problems();
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const b of brokers)
    if (!/^[^\s:]+:\d+$/.test(b)) p.add('KAFKA_BROKERS', `"${b}" is not host:port`);
  const registryUrl = env['SCHEMA_REGISTRY_URL']?.trim() || null;
  if (registryUrl !== null && !/^https?:\/\//.test(registryUrl))
    p.add('SCHEMA_REGISTRY_URL', 'must be an http(s) URL');
  const appId = env['WAI_APP_ID'] ?? 'wa-identity';
  if (!/^[A-Za-z0-9._-]+$/.test(appId))
    p.add('WAI_APP_ID', 'may hold only letters, digits, ".", "_" and "-"');
  const topicPrefix = env['WAI_TOPIC_PREFIX'] ?? 'whatsapp.';
  if (!/^[A-Za-z0-9._-]*$/.test(topicPrefix))
    p.add('WAI_TOPIC_PREFIX', 'may hold only letters, digits, ".", "_" and "-"');
  const launchRaw = env['WAI_CONTACT_BOOK_LAUNCH'] ?? '2026-04-01T00:00:00Z';
  const contactBookLaunchAt = isoTimeToMs(launchRaw) ?? Number.NaN;
  if (Number.isNaN(contactBookLaunchAt))
    p.add('WAI_CONTACT_BOOK_LAUNCH', `"${launchRaw}" is not an ISO-8601 date`);
  const logLevel = env['LOG_LEVEL'] ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) p.add('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const keySecret = keySecretVar(env, p);
  const security = kafkaSecurityVars(env, p);
  const config: AppConfig = {
    appId,
    kafka: { brokers, clientId: env['WAI_CLIENT_ID'] ?? appId, ...security },
    registryUrl,
    registrySecurity: registrySecurityVars(env, registryUrl, p),
    topicPrefix,
    topics: topicNames(topicPrefix),
    partitions: intVar(env, 'WAI_PARTITIONS', 6, 1, p),
    replicationFactor: intVar(env, 'WAI_REPLICATION_FACTOR', 1, 1, p),
    inputRetentionMs: inputRetentionVar(env, p),
    portfolios: portfolioMapVar(env['WAI_PORTFOLIO_MAP'], 'WAI_PORTFOLIO_MAP', p),
    strictPortfolios: boolVar(env, 'WAI_STRICT_PORTFOLIOS', p),
    contactBookLaunchAt,
    keySecret,
    keySecretIsDefault: keySecret === DEFAULT_KEY_SECRET,
    logLevel,
    shutdownTimeoutMs: intVar(env, 'WAI_SHUTDOWN_TIMEOUT_MS', 30000, 100, p),
    group: groupVars(env, p),
    metrics: metricsVars(env, p),
    lookup: lookupVars(env, p),
    faultKillBeforeCommit: intVar(env, 'WAI_FAULT_KILL_BEFORE_COMMIT', 0, 0, p),
    limits: Object.freeze({
      maxRecordBytes: intVar(env, 'WAI_MAX_RECORD_BYTES', DEFAULT_LIMITS.maxRecordBytes, 1024, p),
      maxDepth: intVar(env, 'WAI_MAX_JSON_DEPTH', DEFAULT_LIMITS.maxDepth, 8, p),
      maxItems: intVar(env, 'WAI_MAX_ITEMS_PER_RECORD', DEFAULT_LIMITS.maxItems, 1, p),
    }),
  };
  if (p.list.length > 0) {
    throw new WaiError('WAI_CONFIG', `invalid configuration:\n  ${p.list.join('\n  ')}`, {
      field: p.list[0]?.split(':')[0] ?? 'configuration',
    });
  }
  return Object.freeze(config);
}
