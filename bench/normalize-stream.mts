// Benchmark: `wa-identity normalize` over N generated deliveries in one streaming pass.
// Reports throughput and the CLI's resident memory as the run goes; with a fixed population
// of users the state is bounded, so RSS must level off instead of growing with N.
//   npm run build && node bench/normalize-stream.mts [lines=1000000] [users=2000]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const lines = Number(process.argv[2] ?? 1_000_000);
const users = Number(process.argv[3] ?? 2000);
const bin = join(import.meta.dirname, '..', 'bin', 'wa-identity.js');
const start = Date.parse('2026-06-01T00:00:00Z') / 1000;

function delivery(i: number): string {
  const u = i % users;
  const bsuid = `US.${String(1e15 + u)}`;
  const withPhone = u % 3 === 0;
  const phone = String(16500000000 + u);
  const contact = withPhone ? { wa_id: phone, user_id: bsuid } : { user_id: bsuid };
  const sender = withPhone ? { from: phone, from_user_id: bsuid } : { from_user_id: bsuid };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: `User ${u}` }, ...contact }],
              messages: [
                {
                  ...sender,
                  id: `wamid.${i}`,
                  timestamp: String(start + i),
                  type: 'text',
                  text: { body: 'hi' },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, [bin, 'normalize'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let outLines = 0;
  child.stdout.on('data', (c: Buffer) => {
    for (const b of c) if (b === 10) outLines += 1;
  });
  const samples: string[] = [];
  const began = Date.now();
  for (let i = 0; i < lines; i += 1) {
    if (!child.stdin.write(`${delivery(i)}\n`))
      await new Promise((r) => child.stdin.once('drain', r));
    if ((i + 1) % Math.max(1, Math.floor(lines / 10)) === 0 && child.pid !== undefined) {
      samples.push(`${i + 1} lines: rss ${rssMiB(child.pid)} MiB`);
    }
  }
  child.stdin.end();
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const seconds = (Date.now() - began) / 1000;
  console.log(samples.join('\n'));
  console.log(
    `normalize: ${lines} lines, ${users} users, ${outLines} output records, exit ${code}, ` +
      `${seconds.toFixed(1)} s, ${Math.round(lines / seconds)} lines/s`,
  );
}

void main();
