// `wa-identity deliver` settings: the subscriber list (WAI_SUBSCRIBERS, inline JSON or
// @file) with each subscriber's secrets resolved from its variable and/or file, and the
// retry and breaker policy. Every problem is reported at once; no secret is ever echoed.
import { readFileSync } from 'node:fs';
import { WaiError } from '../../domain/errors.js';
import { parseSubscribers, type Subscriber } from '../../domain/delivery/subscribers.js';
import type { BackoffPolicy } from '../../domain/delivery/retry.js';
import { Problems, intVar, type Env } from '../config.js';
import { readSecrets } from '../secrets.js';
import type { BreakerOptions } from './circuit-breaker.js';

export interface SubscriberSettings extends Subscriber {
  secrets: readonly string[];
}

export interface DeliverSettings {
  subscribers: readonly SubscriberSettings[];
  backoff: BackoffPolicy;
  breaker: BreakerOptions;
  /** Users of one partition delivered to at the same time (each user's events in order). */
  concurrency: number;
}

function readJson(raw: string, name: string, p: Problems): unknown {
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = readFileSync(raw.slice(1), 'utf8');
    } catch (err) {
      p.add(name, `cannot read ${raw.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      return [];
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    p.add(name, 'is not valid JSON (expected a list of subscribers)');
    return [];
  }
}

function secretsOf(s: Subscriber, env: Env, at: string, p: Problems): string[] {
  const inline = s.secretEnv === null ? undefined : env[s.secretEnv];
  if (s.secretEnv !== null && (inline ?? '') === '' && s.secretFile === null)
    p.add(`${at}.secretEnv`, `${s.secretEnv} is not set`);
  return readSecrets(
    {
      inline,
      file: s.secretFile === null ? null : { path: s.secretFile, field: `${at}.secretFile` },
      field: at,
      minLength: 16,
    },
    p,
  );
}

export function loadDeliverSettings(env: Env): DeliverSettings {
  const p = new Problems();
  const raw = env['WAI_SUBSCRIBERS'] ?? '';
  if (raw.trim() === '')
    p.add('WAI_SUBSCRIBERS', 'required: a JSON list of subscribers, or @<file>');
  const parsed = parseSubscribers(
    raw.trim() === '' ? [] : readJson(raw, 'WAI_SUBSCRIBERS', p),
    'WAI_SUBSCRIBERS',
  );
  for (const problem of parsed.problems) p.add(problem.field, problem.message);
  const subscribers = parsed.subscribers.map((s, i) => ({
    ...s,
    secrets: secretsOf(s, env, `WAI_SUBSCRIBERS[${i}]`, p),
  }));
  const initialMs = intVar(env, 'WAI_DELIVER_BACKOFF_INITIAL_MS', 1000, 1, p);
  const maxMs = intVar(env, 'WAI_DELIVER_BACKOFF_MAX_MS', 60_000, 1, p);
  const settings: DeliverSettings = {
    subscribers,
    backoff: { initialMs, maxMs: Math.max(initialMs, maxMs) },
    breaker: {
      failures: intVar(env, 'WAI_DELIVER_BREAKER_FAILURES', 5, 1, p),
      cooldownMs: intVar(env, 'WAI_DELIVER_BREAKER_COOLDOWN_MS', 30_000, 1, p),
    },
    concurrency: intVar(env, 'WAI_DELIVER_CONCURRENCY', 16, 1, p),
  };
  if (p.list.length > 0) {
    throw new WaiError('WAI_CONFIG', `invalid delivery configuration:\n  ${p.list.join('\n  ')}`, {
      field: p.list[0]?.split(':')[0] ?? 'WAI_SUBSCRIBERS',
    });
  }
  return settings;
}
