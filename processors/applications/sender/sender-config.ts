// `wa-identity sender` settings: where the Cloud API is, the access token (from the
// environment or a file, never logged), the pace per business number, the answer timeout and
// how many throttled attempts a send gets. Every problem is reported at once.
import { WaiError } from '../../domain/errors.js';
import type { BackoffPolicy } from '../../domain/delivery/retry.js';
import type { CloudApiSettings } from '../../adapters/cloud-api/client.js';
import { Problems, intVar, type Env } from '../config.js';
import { singleSecret } from '../secrets.js';

export interface SenderSettings {
  api: CloudApiSettings;
  /** Messages per second per business phone number (Meta's default throughput is 80). */
  messagesPerSecond: number;
  /** Attempts of a throttled send (130429, 131056, 80007, 4, 613) before it fails. */
  maxAttempts: number;
  backoff: BackoffPolicy;
}

export function loadSenderSettings(env: Env): SenderSettings {
  const p = new Problems();
  const baseUrl = env['WAI_CLOUD_API_URL']?.trim() || 'https://graph.facebook.com';
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) p.add('WAI_CLOUD_API_URL', 'must be an http(s) URL');
  const version = env['WAI_CLOUD_API_VERSION']?.trim() || 'v23.0';
  if (!/^v\d+\.\d+$/.test(version)) p.add('WAI_CLOUD_API_VERSION', 'expected vNN.N (e.g. v23.0)');
  const token = singleSecret(env, 'WAI_CLOUD_API_TOKEN', p, { minLength: 8, what: 'token' }) ?? '';
  if (token === '') {
    p.add('WAI_CLOUD_API_TOKEN', 'is required (or WAI_CLOUD_API_TOKEN_FILE): a system user token');
  }
  const settings: SenderSettings = {
    api: {
      baseUrl,
      version,
      token,
      timeoutMs: intVar(env, 'WAI_SENDER_TIMEOUT_MS', 15_000, 100, p),
    },
    messagesPerSecond: intVar(env, 'WAI_SENDER_MPS', 20, 1, p),
    maxAttempts: intVar(env, 'WAI_SENDER_MAX_ATTEMPTS', 6, 1, p),
    backoff: {
      initialMs: intVar(env, 'WAI_SENDER_BACKOFF_MS', 1000, 1, p),
      maxMs: intVar(env, 'WAI_SENDER_BACKOFF_MAX_MS', 60_000, 1, p),
    },
  };
  if (p.list.length > 0) {
    throw new WaiError('WAI_CONFIG', `invalid sender configuration:\n  ${p.list.join('\n  ')}`, {
      field: p.list[0]?.split(':')[0] ?? 'WAI_CLOUD_API_TOKEN',
    });
  }
  return settings;
}
