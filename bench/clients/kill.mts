// The guarantee under a crash: a loop is SIGKILLed once a third of the input is committed
// (other partitions' transactions are open at that moment), and a new loop with the same
// group and transactional ids finishes the input. The verifier then expects every output
// exactly once. The new loop's time to its first record is the recovery time: the dead
// member's session has to expire before the group hands its partitions over, and the new
// producers' initialization aborts what the dead ones left open.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { groupIdOf } from './contract.mts';
import type { LoopOptions, LoopResult } from './contract.mts';

const CHILD = join(import.meta.dirname, 'loop-child.mts');
const TIMEOUT_MS = 120_000;

export interface KilledRun {
  /** Input records committed by the killed loop. */
  committedBeforeKill: number;
  /** The second loop, over what was left. */
  resumed: LoopResult;
}

/** Runs a child; kills it with SIGKILL once `killAt` records are committed (if given). */
function child(o: LoopOptions, killAt?: number): Promise<LoopResult | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CHILD, JSON.stringify(o)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), TIMEOUT_MS);
    let result: LoopResult | null = null;
    createInterface({ input: p.stdout }).on('line', (line) => {
      const n = /^committed (\d+)$/.exec(line)?.[1];
      if (n === undefined) result = JSON.parse(line) as LoopResult;
      else if (killAt !== undefined && Number(n) >= killAt) p.kill('SIGKILL');
    });
    p.on('error', reject);
    p.on('close', () => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

async function committedRecords(brokers: string[], o: LoopOptions): Promise<number> {
  const admin = new Kafka({ clientId: o.run, brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: groupIdOf(o), topics: [o.input] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function killAndResume(o: LoopOptions): Promise<KilledRun> {
  await child({ ...o, reportProgress: true }, Math.ceil(o.records / 3));
  const committedBeforeKill = await committedRecords(o.brokers, o);
  if (committedBeforeKill >= o.records)
    throw new Error(`${o.client}: the whole input was committed before the kill`);
  const resumed = await child({ ...o, records: o.records - committedBeforeKill });
  if (resumed === null) throw new Error(`${o.client}: the resumed loop did not finish`);
  return { committedBeforeKill, resumed };
}
