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
  /** From the SIGKILL to the second loop's first record (it is started at once). */
  recoverySeconds: number;
}

interface Child {
  result: LoopResult | null;
  spawnedAt: number;
  killedAt: number | undefined;
}

/** Runs a child; kills it with SIGKILL once `killAt` records are committed (if given). */
function child(o: LoopOptions, killAt?: number): Promise<Child> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    let killedAt: number | undefined;
    const p = spawn(process.execPath, [CHILD, JSON.stringify(o)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), TIMEOUT_MS);
    let result: LoopResult | null = null;
    createInterface({ input: p.stdout }).on('line', (line) => {
      const n = /^committed (\d+)$/.exec(line)?.[1];
      if (n === undefined) result = JSON.parse(line) as LoopResult;
      else if (killAt !== undefined && killedAt === undefined && Number(n) >= killAt) {
        killedAt = performance.now();
        p.kill('SIGKILL');
      }
    });
    p.on('error', reject);
    p.on('close', () => {
      clearTimeout(timer);
      resolve({ result, spawnedAt, killedAt });
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
  const killed = await child({ ...o, reportProgress: true }, Math.ceil(o.records / 3));
  if (killed.killedAt === undefined) throw new Error(`${o.client}: the first loop ended unkilled`);
  // What the group committed (a transaction in flight at the kill is aborted by the next
  // owner, and its offsets with it).
  const committedBeforeKill = await committedRecords(o.brokers, o);
  if (committedBeforeKill >= o.records)
    throw new Error(`${o.client}: the whole input was committed before the kill`);
  const second = await child({ ...o, records: o.records - committedBeforeKill });
  const resumed = second.result;
  if (resumed === null) throw new Error(`${o.client}: the resumed loop did not finish`);
  const recoverySeconds = (second.spawnedAt - killed.killedAt) / 1000 + resumed.startupSeconds;
  return { committedBeforeKill, resumed, recoverySeconds };
}
