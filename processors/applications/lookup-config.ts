// The lookup API's settings: its bearer tokens (WAI_LOOKUP_TOKENS, JSON, or
// WAI_LOOKUP_TOKENS_FILE naming a file of that JSON: a mounted secret) and the URL the other
// workers reach this one at (WAI_ADVERTISED_URL; default http://<host name>:<port>).
// No tokens: no lookup API (the metrics endpoint alone is served).
import { readFileSync } from 'node:fs';
import { toWaiError } from '../domain/errors.js';
import { parseTokenTable, type TokenTable } from '../domain/lookup/lookup-auth.js';
import type { Env, Problems } from './problems.js';

export interface LookupConfig {
  /** Null: the lookup API is off. */
  readonly tokens: TokenTable | null;
  readonly advertisedUrl: string | null;
}

function tokensText(env: Env, p: Problems): string | null {
  const inline = env['WAI_LOOKUP_TOKENS']?.trim();
  const file = env['WAI_LOOKUP_TOKENS_FILE']?.trim();
  if (inline && file) {
    p.add('WAI_LOOKUP_TOKENS', 'give WAI_LOOKUP_TOKENS or WAI_LOOKUP_TOKENS_FILE, not both');
  }
  if (!file) return inline || null;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    p.add('WAI_LOOKUP_TOKENS_FILE', `cannot read ${file}: ${code}`);
    return null;
  }
}

export function lookupVars(env: Env, p: Problems): LookupConfig {
  const text = tokensText(env, p);
  let tokens: TokenTable | null = null;
  if (text !== null) {
    try {
      tokens = parseTokenTable(text);
    } catch (err) {
      // The message names the setting and a token's fingerprint, never a token.
      p.add('WAI_LOOKUP_TOKENS', toWaiError(err).message.replace(/^WAI_LOOKUP_TOKENS: /, ''));
    }
  }
  const advertisedUrl = env['WAI_ADVERTISED_URL']?.trim() || null;
  if (advertisedUrl !== null && !/^https?:\/\/[^\s/]+(:\d+)?\/?$/.test(advertisedUrl)) {
    p.add('WAI_ADVERTISED_URL', `must be http(s)://host[:port], got "${advertisedUrl}"`);
  }
  return Object.freeze({ tokens, advertisedUrl: advertisedUrl?.replace(/\/$/, '') ?? null });
}
