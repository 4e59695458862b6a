// Secure connections from the settings: SASL (PLAIN, SCRAM-SHA-256/512) and TLS for Kafka,
// basic auth and TLS for the schema registry. Passwords and keys come from the environment or
// from files (mounted secrets), never from the config file inline; a problem names the
// setting, never a secret's value.
import { readFileSync } from 'node:fs';
import type { KafkaSasl, KafkaTls } from '../adapters/kafka/index.js';
import type { RegistrySecurity } from '../adapters/avro/registry.js';
import type { Env, Problems } from './problems.js';
import { singleSecret } from './secrets.js';

type SaslMechanism = KafkaSasl['mechanism'];
const MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

export interface KafkaSecurity {
  sasl: KafkaSasl | null;
  /** null: plaintext; else TLS, with these PEM contents where given. */
  tls: KafkaTls | null;
}

function pem(env: Env, name: string, p: Problems): string | undefined {
  const path = env[name]?.trim();
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    p.add(name, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    return undefined;
  }
}

/** The one password of a setting, from NAME or NAME_FILE. */
const password = (env: Env, name: string, p: Problems): string | null =>
  singleSecret(env, name, p, { minLength: 1, what: 'password' });

function flag(env: Env, name: string, p: Problems): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || ['false', '0', 'no'].includes(raw)) return false;
  if (['true', '1', 'yes'].includes(raw)) return true;
  p.add(name, `must be true or false, got "${raw}"`);
  return false;
}

export function kafkaSecurityVars(env: Env, p: Problems): KafkaSecurity {
  let sasl: KafkaSecurity['sasl'] = null;
  const mechanism = env['WAI_KAFKA_SASL_MECHANISM']?.trim().toLowerCase();
  if (mechanism !== undefined && mechanism !== '') {
    if (!(MECHANISMS as readonly string[]).includes(mechanism)) {
      p.add('WAI_KAFKA_SASL_MECHANISM', `expected one of ${MECHANISMS.join(', ')}`);
    }
    const username = env['WAI_KAFKA_SASL_USERNAME']?.trim() ?? '';
    if (username === '') p.add('WAI_KAFKA_SASL_USERNAME', `is required with SASL ${mechanism}`);
    const secret = password(env, 'WAI_KAFKA_SASL_PASSWORD', p);
    if (secret === null) {
      p.add('WAI_KAFKA_SASL_PASSWORD', 'is required with SASL (or WAI_KAFKA_SASL_PASSWORD_FILE)');
    }
    sasl = { mechanism: mechanism as SaslMechanism, username, password: secret ?? '' };
  }
  const ca = pem(env, 'WAI_KAFKA_TLS_CA_FILE', p);
  const cert = pem(env, 'WAI_KAFKA_TLS_CERT_FILE', p);
  const key = pem(env, 'WAI_KAFKA_TLS_KEY_FILE', p);
  if ((cert === undefined) !== (key === undefined)) {
    p.add('WAI_KAFKA_TLS_CERT_FILE', 'a client certificate needs WAI_KAFKA_TLS_KEY_FILE too');
  }
  const servername = env['WAI_KAFKA_TLS_SERVERNAME']?.trim() || undefined;
  const anyTls = [ca, cert, key, servername].some((v) => v !== undefined);
  const tls =
    flag(env, 'WAI_KAFKA_TLS', p) || anyTls
      ? {
          ...(ca === undefined ? {} : { ca }),
          ...(cert === undefined ? {} : { cert }),
          ...(key === undefined ? {} : { key }),
          ...(servername === undefined ? {} : { servername }),
        }
      : null;
  return { sasl, tls };
}

export function registrySecurityVars(
  env: Env,
  registryUrl: string | null,
  p: Problems,
): RegistrySecurity {
  const username = env['SCHEMA_REGISTRY_USERNAME']?.trim() ?? '';
  const secret = password(env, 'SCHEMA_REGISTRY_PASSWORD', p);
  if (username === '' && secret !== null) {
    p.add('SCHEMA_REGISTRY_USERNAME', 'is required with SCHEMA_REGISTRY_PASSWORD');
  }
  if (username !== '' && secret === null) {
    p.add('SCHEMA_REGISTRY_PASSWORD', 'is required with SCHEMA_REGISTRY_USERNAME (or _FILE)');
  }
  const ca = pem(env, 'SCHEMA_REGISTRY_CA_FILE', p) ?? null;
  if (ca !== null && registryUrl !== null && !registryUrl.startsWith('https://')) {
    p.add('SCHEMA_REGISTRY_CA_FILE', 'applies to an https:// SCHEMA_REGISTRY_URL only');
  }
  return { auth: username === '' ? null : { username, password: secret ?? '' }, ca };
}
