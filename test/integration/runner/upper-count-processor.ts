// A small real stateful processor for the runner's integration tests: it upper-cases each
// value and keeps a per-key counter, written to a compacted state topic in the same
// transaction as the output (which carries the count in a header). So any lost or duplicated
// input, or state that survived an aborted transaction, shows up as a wrong count.
// Values that are not UTF-8 text are poison pills and go to the DLQ.
import { setTimeout as sleep } from 'node:timers/promises';
import { TextDecoder } from 'node:util';
import { WaiError } from '../../../processors/domain/errors.js';
import type {
  AssignContext,
  BatchContext,
  InputRecord,
  OutputRecord,
  PartitionProcessor,
  TopicPartition,
} from '../../../processors/adapters/kafka/index.js';

export interface UpperCountOptions {
  outputTopic: string;
  stateTopic: string;
  /** Throws a retriable error the first time a record with this value is processed. */
  failOnceOnValue?: string;
  /** Slows each processBatch call down, so a test can kill a worker mid-stream. */
  delayPerCallMs?: number;
  /** Makes only the first processBatch call this slow (a worker that stalls once). */
  firstCallDelayMs?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class UpperCountProcessor implements PartitionProcessor {
  /** Input partition → key → count. */
  private readonly counts = new Map<number, Map<string, number>>();
  private failed = false;
  private calls = 0;
  /** Restores done, for assertions: partition → records applied. */
  readonly restores: { partition: number; records: number }[] = [];

  constructor(private readonly o: UpperCountOptions) {}

  async assign(partitions: readonly TopicPartition[], ctx: AssignContext): Promise<void> {
    const numbers = partitions.map((tp) => tp.partition);
    const applied = new Map<number, number>(numbers.map((p) => [p, 0]));
    for (const p of numbers) this.counts.set(p, new Map());
    await ctx.restore(this.o.stateTopic, numbers, (r) => {
      const state = this.counts.get(r.partition);
      if (state === undefined || r.key === null) return;
      if (r.value === null) state.delete(r.key.toString());
      else state.set(r.key.toString(), Number(r.value.toString()));
      applied.set(r.partition, (applied.get(r.partition) ?? 0) + 1);
    });
    for (const [partition, records] of applied) this.restores.push({ partition, records });
  }

  revoke(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.counts.delete(tp.partition);
  }

  /** The in-memory count of a key, for assertions. */
  count(partition: number, key: string): number | undefined {
    return this.counts.get(partition)?.get(key);
  }

  async processBatch(records: readonly InputRecord[], ctx: BatchContext): Promise<OutputRecord[]> {
    const state = this.counts.get(ctx.partition);
    if (state === undefined)
      throw new WaiError('WAI_INTERNAL', `partition ${ctx.partition} processed before assign`);
    this.calls += 1;
    const delay =
      this.calls === 1 ? (this.o.firstCallDelayMs ?? this.o.delayPerCallMs) : this.o.delayPerCallMs;
    if (delay !== undefined) await sleep(delay);
    const out: OutputRecord[] = [];
    for (const r of records) {
      let text: string;
      try {
        if (r.key === null || r.value === null) throw new Error('key and value are required');
        text = utf8.decode(r.value);
      } catch (err) {
        out.push(ctx.dlq(r, new WaiError('WAI_BAD_INPUT', `unreadable record: ${String(err)}`)));
        continue;
      }
      if (text === this.o.failOnceOnValue && !this.failed) {
        this.failed = true;
        throw new WaiError('WAI_TIMEOUT', 'injected failure: lookup timed out', {
          retriable: true,
        });
      }
      const key = r.key.toString();
      const count = (state.get(key) ?? 0) + 1;
      state.set(key, count);
      out.push({
        topic: this.o.outputTopic,
        key: r.key,
        value: text.toUpperCase(),
        headers: { count: String(count), 'source-offset': r.offset },
      });
      out.push({ topic: this.o.stateTopic, key, value: String(count), partition: ctx.partition });
    }
    return out;
  }
}
