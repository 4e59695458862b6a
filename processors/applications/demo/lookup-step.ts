// The demo's edge for support agents: the worker serves the lookup API and the identity
// explorer on a local port with a token made for this run; the demo asks it for the sample
// customer who rotated their BSUID, by the BSUID they had before, and prints what came back.
// With --explorer the demo then keeps serving until Ctrl-C, so the page can be opened.
import { randomBytes } from 'node:crypto';
import type { Env } from '../config.js';

export const DEMO_ROTATED_BSUID = 'US.13491208655302741918';

/** Environment of a worker serving lookups on 127.0.0.1, free port, one demo token. */
export function demoLookupEnv(): { env: Env; token: string } {
  const token = `demo-${randomBytes(12).toString('hex')}`;
  return {
    token,
    env: {
      WAI_METRICS_PORT: '0',
      WAI_METRICS_HOST: '127.0.0.1',
      WAI_LOOKUP_TOKENS: JSON.stringify({ [token]: { portfolios: '*', phones: false } }),
    },
  };
}

interface Step {
  kind: string;
  from: string | null;
  to: string | null;
  at: string | null;
}

/** Lines describing one lookup of the rotated customer, as a CRM would make it. */
export async function demoLookupLines(baseUrl: string, token: string): Promise<string[]> {
  const path = `/v1/contacts/acme/${DEMO_ROTATED_BSUID}`;
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) return [`GET ${path} → ${res.status} ${JSON.stringify(body)}`];
  const lineage = (body['lineage'] as Step[]).map(
    (s) => `${s.kind} ${s.from ?? '∅'} → ${s.to ?? '∅'} at ${s.at ?? '?'}`,
  );
  const provenance = body['phoneProvenance'] as { source: string; at: string | null } | null;
  return [
    `GET ${path} → 200, served by ${String(body['servedBy'])}`,
    `  current BSUID ${String(body['bsuid'])}, phone ${String(body['phone'])} (masked: the token grants no phones)`,
    `  phone known via ${provenance?.source ?? '—'} since ${provenance?.at ?? '—'}`,
    ...lineage.map((l) => `  lineage: ${l}`),
  ];
}
