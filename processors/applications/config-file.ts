// The optional configuration file (`--config <file>` or WAI_CONFIG), YAML or JSON, validated
// once with zod: every problem at once, each with its path (`kafka.sasl.mechanism: …`). Its
// settings become the same environment variables the rest of the configuration reads, and
// the environment wins over the file (as Kafka Connect and Redpanda Connect users expect an
// override to work), so there is one place that turns settings into the typed config
// (config.ts). Secrets are never inline in the file: it names files that hold them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { WaiError } from '../domain/errors.js';
import type { Env } from './config.js';

const str = z.string().min(1);
const int = z.number().int().nonnegative();
const secretKey = (file: string, env: string) =>
  z.never({
    error: () => `secrets are not accepted in the config file: use ${file} or ${env}`,
  });

const Sasl = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: str,
  passwordFile: str.optional(),
  password: secretKey('passwordFile', 'WAI_KAFKA_SASL_PASSWORD').optional(),
});
const Tls = z.strictObject({
  enabled: z.boolean().optional(),
  caFile: str.optional(),
  certFile: str.optional(),
  keyFile: str.optional(),
  servername: str.optional(),
});
const FileSchema = z.strictObject({
  appId: str.optional(),
  topicPrefix: z.string().optional(),
  partitions: int.optional(),
  replicationFactor: int.optional(),
  inputRetentionMs: z.union([z.literal(-1), int]).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  kafka: z
    .strictObject({
      brokers: z.array(str).min(1).optional(),
      clientId: str.optional(),
      sasl: Sasl.optional(),
      tls: Tls.optional(),
    })
    .optional(),
  schemaRegistry: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }).optional(),
      username: str.optional(),
      passwordFile: str.optional(),
      password: secretKey('passwordFile', 'SCHEMA_REGISTRY_PASSWORD').optional(),
      caFile: str.optional(),
    })
    .optional(),
  portfolioMap: z
    .strictObject({
      wabas: z.record(z.string(), z.string()).optional(),
      phoneNumbers: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  portfolioMapFile: str.optional(),
  strictPortfolios: z.boolean().optional(),
  contactBookLaunch: str.optional(),
  keySecretFile: str.optional(),
  keySecret: secretKey('keySecretFile', 'WAI_KEY_SECRET').optional(),
  shutdownTimeoutMs: int.optional(),
  metrics: z.strictObject({ port: int.max(65535).optional(), host: str.optional() }).optional(),
  lookup: z
    .strictObject({
      tokensFile: str.optional(),
      tokens: secretKey('tokensFile', 'WAI_LOOKUP_TOKENS').optional(),
      advertisedUrl: str.optional(),
    })
    .optional(),
  group: z
    .strictObject({
      instanceId: str.optional(),
      sessionTimeoutMs: int.optional(),
      heartbeatIntervalMs: int.optional(),
      rebalanceTimeoutMs: int.optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      maxRecordBytes: int.optional(),
      maxJsonDepth: int.optional(),
      maxItemsPerRecord: int.optional(),
    })
    .optional(),
});

export type ConfigFile = z.infer<typeof FileSchema>;

type Vars = Record<string, string>;

function put(vars: Vars, name: string, value: string | number | boolean | undefined): void {
  if (value !== undefined) vars[name] = String(value);
}

/** The file's settings as the environment variables they stand for. */
export function fileToEnv(file: ConfigFile): Vars {
  const v: Vars = {};
  put(v, 'WAI_APP_ID', file.appId);
  put(v, 'WAI_TOPIC_PREFIX', file.topicPrefix);
  put(v, 'WAI_PARTITIONS', file.partitions);
  put(v, 'WAI_REPLICATION_FACTOR', file.replicationFactor);
  put(v, 'WAI_INPUT_RETENTION_MS', file.inputRetentionMs);
  put(v, 'LOG_LEVEL', file.logLevel);
  put(v, 'KAFKA_BROKERS', file.kafka?.brokers?.join(','));
  put(v, 'WAI_CLIENT_ID', file.kafka?.clientId);
  const sasl = file.kafka?.sasl;
  put(v, 'WAI_KAFKA_SASL_MECHANISM', sasl?.mechanism);
  put(v, 'WAI_KAFKA_SASL_USERNAME', sasl?.username);
  put(v, 'WAI_KAFKA_SASL_PASSWORD_FILE', sasl?.passwordFile);
  const tls = file.kafka?.tls;
  if (tls !== undefined) put(v, 'WAI_KAFKA_TLS', tls.enabled ?? true);
  put(v, 'WAI_KAFKA_TLS_CA_FILE', tls?.caFile);
  put(v, 'WAI_KAFKA_TLS_CERT_FILE', tls?.certFile);
  put(v, 'WAI_KAFKA_TLS_KEY_FILE', tls?.keyFile);
  put(v, 'WAI_KAFKA_TLS_SERVERNAME', tls?.servername);
  const registry = file.schemaRegistry;
  put(v, 'SCHEMA_REGISTRY_URL', registry?.url);
  put(v, 'SCHEMA_REGISTRY_USERNAME', registry?.username);
  put(v, 'SCHEMA_REGISTRY_PASSWORD_FILE', registry?.passwordFile);
  put(v, 'SCHEMA_REGISTRY_CA_FILE', registry?.caFile);
  if (file.portfolioMap !== undefined)
    put(v, 'WAI_PORTFOLIO_MAP', JSON.stringify(file.portfolioMap));
  if (file.portfolioMapFile !== undefined) put(v, 'WAI_PORTFOLIO_MAP', `@${file.portfolioMapFile}`);
  put(v, 'WAI_STRICT_PORTFOLIOS', file.strictPortfolios);
  put(v, 'WAI_CONTACT_BOOK_LAUNCH', file.contactBookLaunch);
  put(v, 'WAI_KEY_SECRET_FILE', file.keySecretFile);
  put(v, 'WAI_SHUTDOWN_TIMEOUT_MS', file.shutdownTimeoutMs);
  put(v, 'WAI_METRICS_PORT', file.metrics?.port);
  put(v, 'WAI_METRICS_HOST', file.metrics?.host);
  put(v, 'WAI_LOOKUP_TOKENS_FILE', file.lookup?.tokensFile);
  put(v, 'WAI_ADVERTISED_URL', file.lookup?.advertisedUrl);
  put(v, 'WAI_INSTANCE_ID', file.group?.instanceId);
  put(v, 'WAI_SESSION_TIMEOUT_MS', file.group?.sessionTimeoutMs);
  put(v, 'WAI_HEARTBEAT_INTERVAL_MS', file.group?.heartbeatIntervalMs);
  put(v, 'WAI_REBALANCE_TIMEOUT_MS', file.group?.rebalanceTimeoutMs);
  put(v, 'WAI_MAX_RECORD_BYTES', file.limits?.maxRecordBytes);
  put(v, 'WAI_MAX_JSON_DEPTH', file.limits?.maxJsonDepth);
  put(v, 'WAI_MAX_ITEMS_PER_RECORD', file.limits?.maxItemsPerRecord);
  return v;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

/** Parses and validates a config file's text; `where` names it in problems. */
export function parseConfigFile(text: string, where: string): ConfigFile {
  let raw: unknown;
  try {
    raw = parse(text) as unknown;
  } catch (err) {
    throw new WaiError('WAI_CONFIG', `${where}: not YAML or JSON: ${(err as Error).message}`, {
      field: 'WAI_CONFIG',
    });
  }
  const result = FileSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const at = keys.length > 0 ? keys.map((k) => pathOf([...issue.path, k])) : [pathOf(issue.path)];
    const message = issue.code === 'unrecognized_keys' ? 'not a known setting' : issue.message;
    return at.map((p) => `${p}: ${message}`);
  });
  const list = problems.flat();
  throw new WaiError('WAI_CONFIG', `invalid configuration file ${where}:\n  ${list.join('\n  ')}`, {
    field: list[0]?.split(':')[0] ?? 'WAI_CONFIG',
  });
}

/**
 * The environment with the config file's settings under it (WAI_CONFIG names the file):
 * a variable that is set wins over the file.
 */
export function effectiveEnv(env: Env): Env {
  const path = env['WAI_CONFIG']?.trim();
  if (path === undefined || path === '') return env;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new WaiError('WAI_CONFIG', `cannot read the config file ${path}: ${code}`, {
      field: 'WAI_CONFIG',
    });
  }
  const fromFile = fileToEnv(parseConfigFile(text, path));
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}
