// The contact lookup API as a CRM meets it: two real `wa-identity run` processes sharing a
// deployment's two partitions, each serving /v1/contacts on its own port. A portfolio lives on
// one partition, so one worker holds its state; asking the other one is answered through the
// owner, found from the consumer group's assignment. Tokens: none → 401, another portfolio's
// → 403; phones masked unless the token grants them, and a revealing answer is audited
// (without the phone) by the worker that answered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { partitionForKey } from '../../../processors/adapters/kafka/index.js';
import { freePorts } from '../../../processors/adapters/local-stack/ports.js';
import { useKafka } from '../../helpers/kafka.js';
import { BSUID, PHONE, PNID, WABA, metaInboundFrom, rawInput } from '../../unit/pipeline/inputs.js';
import { startCli, type CliProcess } from '../pipeline/cli-process.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { send, settled, usePipelineDeployments } from '../pipeline/harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

const OTHER_WABA = '102290129340777';
const OTHER_PNID = '106540352242777';
const OTHER_BSUID = 'US.24817305912873645029';
const OTHER_PHONE = '12195555358';
// A second portfolio on the other of the two partitions.
const OTHER = ['globex', 'initech', 'umbrella', 'hooli', 'stark'].find(
  (p) => partitionForKey(p, 2) !== partitionForKey('acme', 2),
) as string;

const TOKEN_ALL = 'token-all-portfolios-phones';
const TOKEN_ACME = 'token-acme-only-no-phones';
const TOKENS = JSON.stringify({
  [TOKEN_ALL]: { portfolios: '*', phones: true },
  [TOKEN_ACME]: { portfolios: ['acme'], phones: false },
});

interface Worker {
  name: string;
  url: string;
  cli: CliProcess;
}

let d: PipelineDeployment;
const workers: Worker[] = [];

function otherDelivery(): string {
  return metaInboundFrom(
    { bsuid: OTHER_BSUID, phone: OTHER_PHONE },
    'wamid.O1',
    '2026-08-02T10:00:00Z',
  )
    .replace(WABA, OTHER_WABA)
    .replace(PNID, OTHER_PNID);
}

async function get(w: Worker, path: string, token?: string) {
  const res = await fetch(`${w.url}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** Both workers answer a lookup of each portfolio (group stable, partitions restored). */
async function serving(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answers = await Promise.all(
      workers.flatMap((w) =>
        [
          ['acme', BSUID],
          [OTHER, OTHER_BSUID],
        ].map(([p, id]) => get(w, `/v1/contacts/${p}/${id}`, TOKEN_ALL).catch(() => null)),
      ),
    );
    if (answers.every((a) => a?.status === 200)) return;
    if (Date.now() > deadline) {
      throw new Error(`lookups not served: ${answers.map((a) => a?.status).join(',')}`);
    }
    await sleep(250);
  }
}

beforeAll(async () => {
  const portfolioMap = JSON.stringify({
    wabas: { [WABA]: 'acme', [OTHER_WABA]: OTHER },
    phoneNumbers: { [PNID]: 'acme', [OTHER_PNID]: OTHER },
  });
  d = await deployment('lookup', { WAI_PORTFOLIO_MAP: portfolioMap });
  const ports = await freePorts(2);
  for (const [i, port] of ports.entries()) {
    const name = `lookup-worker-${i}`;
    const cli = startCli(['run', '--allow-dev-secret'], {
      ...d.env,
      WAI_PORTFOLIO_MAP: portfolioMap,
      WAI_INSTANCE_ID: name,
      WAI_METRICS_PORT: String(port),
      WAI_METRICS_HOST: '127.0.0.1',
      WAI_ADVERTISED_URL: `http://127.0.0.1:${port}`,
      WAI_LOOKUP_TOKENS: TOKENS,
      WAI_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'info',
    });
    workers.push({ name, url: `http://127.0.0.1:${port}`, cli });
  }
  await send(kit, d, [
    rawInput(
      metaInboundFrom({ bsuid: BSUID, phone: PHONE }, 'wamid.A1', '2026-08-01T10:00:00Z'),
      Date.now(),
    ),
    rawInput(otherDelivery(), Date.now()),
  ]);
  await settled(d, 90_000);
  await serving();
}, 150_000);

afterAll(async () => {
  for (const w of workers) w.cli.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.cli.exited));
});

describe('GET /v1/contacts on two workers', () => {
  it('each worker answers for both portfolios: one from its own state, one through the owner', async () => {
    for (const [portfolio, bsuid] of [
      ['acme', BSUID],
      [OTHER, OTHER_BSUID],
    ] as const) {
      const answers = await Promise.all(
        workers.map((w) => get(w, `/v1/contacts/${portfolio}/${bsuid}`, TOKEN_ALL)),
      );
      const bodies = answers.map((a) => a.json());
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(bodies.map((b) => b['key'])).toEqual([
        `${portfolio}|${bsuid}`,
        `${portfolio}|${bsuid}`,
      ]);
      expect(bodies.map((b) => b['contactId'])).toEqual([
        expect.stringMatching(/^[0-9a-f]{32}$/),
        bodies[0]?.['contactId'],
      ]);
      // The same owner answered both: the worker holding the portfolio's partition.
      expect(bodies[0]?.['servedBy']).toBe(bodies[1]?.['servedBy']);
      expect(workers.map((w) => w.name)).toContain(bodies[0]?.['servedBy']);
    }
    const owners = await Promise.all(
      [BSUID, OTHER_BSUID].map(async (id, i) => {
        const body = (
          await get(
            workers[0] as Worker,
            `/v1/contacts/${i === 0 ? 'acme' : OTHER}/${id}`,
            TOKEN_ALL,
          )
        ).json();
        return body['servedBy'];
      }),
    );
    // Two portfolios on two partitions, one per worker: each worker owns one of them.
    expect(new Set(owners).size).toBe(2);
  });

  it('finds a contact by phone and by username, with its lineage and phone provenance', async () => {
    const w = workers[1] as Worker;
    const byPhone = await get(w, `/v1/contacts/acme/${encodeURIComponent(`+${PHONE}`)}`, TOKEN_ALL);
    expect(byPhone.status).toBe(200);
    expect(byPhone.json()).toMatchObject({
      bsuid: BSUID,
      phone: `+${PHONE}`,
      phoneRevealed: true,
      phoneProvenance: { source: 'WEBHOOK', at: '2026-08-01T10:00:00.000Z' },
      lineage: [{ kind: 'PHONE_LINKED', from: null, to: `+${PHONE}` }],
    });
    const byName = await get(w, `/v1/contacts/acme/${encodeURIComponent('@Sheena.N')}`, TOKEN_ALL);
    expect(byName.json()['bsuid']).toBe(BSUID);
  });

  it('masks phones for a token without the phones grant, and audits a revealing answer', async () => {
    const masked = await get(workers[0] as Worker, `/v1/contacts/acme/${BSUID}`, TOKEN_ACME);
    expect(masked.status).toBe(200);
    expect(masked.json()).toMatchObject({ phoneRevealed: false, phone: '+1650•••1234' });
    expect(masked.text).not.toContain(PHONE);
    const revealed = await get(workers[0] as Worker, `/v1/contacts/acme/${BSUID}`, TOKEN_ALL);
    const owner = workers.find((w) => w.name === revealed.json()['servedBy']) as Worker;
    const deadline = Date.now() + 5000;
    while (
      !owner.cli.log.some((l) => l.includes('lookup.phone_revealed')) &&
      Date.now() < deadline
    ) {
      await sleep(50);
    }
    const audit = owner.cli.log.filter((l) => l.includes('lookup.phone_revealed'));
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.join('\n')).toContain(`"key":"acme|${BSUID}"`);
    for (const w of workers) expect(w.cli.log.join('\n')).not.toContain(PHONE);
  });

  it('401 without a token, 403 for another portfolio, 400 for a malformed id, 404 for an unknown one', async () => {
    const w = workers[0] as Worker;
    const none = await get(w, `/v1/contacts/acme/${BSUID}`);
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ error: expect.objectContaining({ code: 'UNAUTHORIZED' }) });
    const wrong = await get(w, `/v1/contacts/acme/${BSUID}`, 'not-a-configured-token-at-all');
    expect(wrong.status).toBe(401);
    const forbidden = await get(w, `/v1/contacts/${OTHER}/${OTHER_BSUID}`, TOKEN_ACME);
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).not.toContain(OTHER_BSUID);
    expect((await get(w, '/v1/contacts/acme/not-an-id', TOKEN_ALL)).status).toBe(400);
    for (const other of workers) {
      const unknown = await get(other, `/v1/contacts/${OTHER}/US.99999999999999999999`, TOKEN_ALL);
      expect(unknown.status).toBe(404);
    }
  });

  it('serves the OpenAPI description, the explorer page and the lookup metrics on the same port', async () => {
    const w = workers[1] as Worker;
    const spec = await get(w, '/v1/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.json()['paths'] as object)).toContain(
      '/v1/contacts/{portfolioId}/{id}',
    );
    const page = await get(w, '/explorer');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form');
    const metrics = await get(w, '/metrics');
    expect(metrics.text).toMatch(
      /wai_lookup_requests_total\{status="200",served_by="(local|forwarded)"\} \d+/,
    );
    expect((await get(w, '/ready')).status).toBe(200);
  });
});
