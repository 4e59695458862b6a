// The one consume-transform-produce loop each client implements (bench/clients.mts), in the
// shape of our adapter (adapters/kafka/partition-producer.ts, chunk-transaction.ts): one
// read_committed group consumer; one transactional producer per input partition; per
// transaction at most `maxBatch` consecutive records of one partition, their outputs (three
// already-encoded records per input, one to each output topic) and the group offset after the
// last of them, committed together. Partitions are processed concurrently.

export const CLIENTS = ['kafkajs', 'platformatic', 'confluent'] as const;
export type ClientName = (typeof CLIENTS)[number];

export interface LoopOptions {
  client: ClientName;
  brokers: string[];
  /** Unique per run: the group id and the transactional ids derive from it. */
  run: string;
  input: string;
  outputs: [string, string, string];
  partitions: number;
  /** Input records to commit before the loop stops. */
  records: number;
  /** Records of one partition per transaction, at most. */
  maxBatch: number;
  /**
   * Join as a static member (`group.instance.id` = the run's id): a replacement with the same
   * id takes the dead member's partitions without waiting for its session to expire.
   */
  staticMembership?: boolean;
  /** Print `committed <n>` after each commit (for the kill run, which kills mid-way). */
  reportProgress?: boolean;
}

export interface LoopResult {
  client: ClientName;
  records: number;
  transactions: number;
  /** From the first record received to the last commit. */
  seconds: number;
  /** From the loop's start to its first record (connect, join, first fetch). */
  startupSeconds: number;
  recordsPerSecond: number;
  /** process.cpuUsage over the measured window (user + system, every thread). */
  cpuSeconds: number;
  peakRssMiB: number;
  /** Mean milliseconds per transaction in each step (partitions overlap, so these overlap). */
  stepMs: Record<Step, number>;
}

export type Step = 'begin' | 'send' | 'offsets' | 'commit';

/** One output record, bytes as they go on the wire. */
export interface OutRecord {
  topic: string;
  key: Buffer | null;
  value: Buffer;
  /** `<input partition>:<input offset>`: the verifier finds duplicates by it. */
  src: string;
}

/** The transform: the input's bytes to each output topic (encoding is not what is compared). */
export function outputsOf(
  o: LoopOptions,
  partition: number,
  records: readonly { key: Buffer | null; value: Buffer | null; offset: string | bigint }[],
): OutRecord[] {
  const out: OutRecord[] = [];
  for (const topic of o.outputs) {
    for (const r of records) {
      out.push({
        topic,
        key: r.key,
        value: r.value ?? Buffer.alloc(0),
        src: `${partition}:${String(r.offset)}`,
      });
    }
  }
  return out;
}

export const groupIdOf = (o: LoopOptions): string => `${o.run}-group`;
export const instanceIdOf = (o: LoopOptions): string => `${o.run}-instance`;
export const transactionalIdOf = (o: LoopOptions, partition: number): string =>
  `${o.run}-${o.input}-${partition}`;

/** What a loop reports; `done` resolves once `records` inputs are committed. */
export class Progress {
  firstRecordAt: number | undefined;
  lastCommitAt = 0;
  committed = 0;
  transactions = 0;
  readonly stepTotals: Record<Step, number> = { begin: 0, send: 0, offsets: 0, commit: 0 };
  readonly done: Promise<void>;
  private finish: () => void = () => undefined;
  private readonly target: number;
  private readonly onFirst: () => void;
  private readonly onCommit: (committed: number) => void;

  constructor(target: number, onFirst: () => void, onCommit: (committed: number) => void) {
    this.target = target;
    this.onFirst = onFirst;
    this.onCommit = onCommit;
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  received(): void {
    if (this.firstRecordAt !== undefined) return;
    this.firstRecordAt = performance.now();
    this.onFirst();
  }

  /** Awaits one step of a transaction, adding its duration to the step's total. */
  async step<T>(step: Step, work: Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work;
    } finally {
      this.stepTotals[step] += performance.now() - start;
    }
  }

  commit(records: number): void {
    this.committed += records;
    this.transactions += 1;
    this.lastCommitAt = performance.now();
    this.onCommit(this.committed);
    if (this.committed >= this.target) this.finish();
  }
}

/** Consecutive slices of at most `size` items. */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
