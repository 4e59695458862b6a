// Benchmark: the contact lookup API served by the workers.
//   Two `wa-identity run` workers share a deployment's partitions (3 portfolios on 2
//   partitions); after N generated input records are processed, C concurrent keep-alive
//   clients ask both workers, at random, for random known contacts by BSUID for S seconds.
//   A lookup that reaches the worker owning the portfolio is answered from its state
//   (local); one that reaches the other is forwarded to the owner (forwarded).
//   Reports answers/s and latency p50 / p99 / max per kind, and the status counts (a 404 is
//   an answer from state too: the generated traffic deletes contacts and purges portfolios).
//   npm run build && node bench/lookup.mts [records=20000] [concurrency=16] [seconds=10]
import {
  append,
  built,
  committed,
  deploy,
  ends,
  generateTraffic,
  percentile,
  sleep,
  startWorker,
  writeResult,
} from './lib/stack.mts';
import type * as PortsModule from '../processors/adapters/local-stack/ports.js';

const { freePorts } = await built<typeof PortsModule>('adapters/local-stack/ports.js');

const records = Number(process.argv[2] ?? 20000);
const concurrency = Number(process.argv[3] ?? 16);
const seconds = Number(process.argv[4] ?? 10);
const TOKEN = 'bench-lookup-token-0123456789';

const traffic = generateTraffic({ seed: 11, records, portfolios: 3, usersPerPortfolio: 2000 });
const d = await deploy('bench-lookup', {
  WAI_PARTITIONS: '2',
  WAI_PORTFOLIO_MAP: JSON.stringify(traffic.portfolioMap),
});

/** (portfolio, BSUID) of every user a delivery names, read from the generated JSON. */
function knownContacts(): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  for (const input of traffic.inputs) {
    let body: { entry?: { id?: string }[] };
    try {
      body = JSON.parse(input.value) as { entry?: { id?: string }[] };
    } catch {
      continue;
    }
    const portfolio = traffic.portfolioMap.wabas[body.entry?.[0]?.id ?? ''];
    if (portfolio === undefined) continue;
    for (const m of input.value.matchAll(/"(?:from_user_id|user_id)":"([A-Z]{2}\.[^"]+)"/g)) {
      const bsuid = m[1] ?? '';
      pairs.set(`${portfolio}|${bsuid}`, [portfolio, bsuid]);
    }
  }
  return [...pairs.values()];
}

const ports = await freePorts(2);
const workers = ports.map((port, i) =>
  startWorker(d, `lookup-w${i}`, {
    WAI_METRICS_PORT: String(port),
    WAI_METRICS_HOST: '127.0.0.1',
    WAI_ADVERTISED_URL: `http://127.0.0.1:${port}`,
    WAI_LOOKUP_TOKENS: JSON.stringify({ [TOKEN]: { portfolios: '*', phones: false } }),
  }),
);
await append(
  d,
  traffic.inputs.map((i) => ({ value: i.value, timestamp: 0 })),
  null,
);
for (;;) {
  const [c, e] = await Promise.all([committed(d), ends(d)]);
  if (e.every((end, i) => end === 0 || (c[i] ?? -1) >= end)) break;
  await sleep(200);
}
const contacts = knownContacts();
console.log(`${records} input records processed; ${contacts.length} contacts to look up`);

async function lookup(port: number, [portfolio, bsuid]: [string, string]) {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/v1/contacts/${portfolio}/${bsuid}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const body = (await res.json()) as { servedBy?: string };
  if (res.status === 200 && body.servedBy === undefined) throw new Error('no servedBy');
  return { status: res.status, ms: performance.now() - started, servedBy: body.servedBy };
}

// Both workers answer (the group is stable and every partition restored).
for (const deadline = Date.now() + 60_000; ;) {
  const answers = await Promise.all(ports.map((p) => lookup(p, contacts[0] ?? ['', ''])));
  // 200 or 404: answered from state (not 503: restoring, rebalancing, owner unreachable).
  if (answers.every((a) => a.status === 200 || a.status === 404)) break;
  if (Date.now() > deadline) {
    throw new Error(`workers do not answer lookups: ${answers.map((a) => a.status).join(', ')}`);
  }
  await sleep(250);
}

// Which worker owns each portfolio: the one that answers a found contact itself.
const owner = new Map<string, string>();
for (const c of contacts) {
  if (owner.has(c[0])) continue;
  const a = await lookup(ports[0] ?? 0, c);
  if (a.status === 200 && a.servedBy !== undefined) owner.set(c[0], a.servedBy);
}

const latencies = { local: [] as number[], forwarded: [] as number[] };
const statuses = new Map<number, number>();
let n = 0;
const end = Date.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async (_, c) => {
    for (let i = c; Date.now() < end; i += concurrency) {
      const w = (i * 7 + c) % 2;
      const target = contacts[(i * 7919) % contacts.length] ?? ['', ''];
      const a = await lookup(ports[w] ?? 0, target);
      n += 1;
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const home = owner.get(target[0]);
      if ((a.status === 200 || a.status === 404) && home !== undefined) {
        (home === `lookup-w${w}` ? latencies.local : latencies.forwarded).push(a.ms);
      }
    }
  }),
);
for (const w of workers) w.child.kill('SIGTERM');
await Promise.all(workers.map((w) => w.exited));
await d.stop();

const summary = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    count: sorted.length,
    p50: r(percentile(sorted, 50)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted.at(-1) ?? Number.NaN),
  };
};
const result = {
  records,
  contacts: contacts.length,
  concurrency,
  seconds,
  answersPerSecond: Math.round(n / seconds),
  statuses: Object.fromEntries(statuses),
  localMs: summary(latencies.local),
  forwardedMs: summary(latencies.forwarded),
};
console.log(
  `lookup API, 2 workers, ${concurrency} clients: ${result.answersPerSecond} answers/s ` +
    `(statuses ${JSON.stringify(result.statuses)})`,
);
for (const kind of ['localMs', 'forwardedMs'] as const) {
  const s = result[kind];
  console.log(
    `  ${kind.slice(0, -2)}: ${s.count} answers, p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms`,
  );
}
writeResult('lookup', result);
process.exit(0);
