// One transaction over consecutive records of one partition: begin → processBatch per slice
// of `recordsPerCall` → send its outputs → add the input offset → commit. Slices keep memory
// bounded; they commit or abort together. On any failure the transaction is aborted (best
// effort; a failed abort marks the producer broken) and the error is rethrown for the runner
// to classify.
import type { OffsetCommit, PartitionProducer } from './partition-producer.js';
import type { BatchTransaction, WrittenBatch } from './partition-producer.js';
import type { InputRecord, OutputRecord } from './records.js';
import type { BatchContext, PartitionProcessor } from './stage.js';

export interface ChunkTransaction {
  producer: PartitionProducer;
  processor: PartitionProcessor;
  ctx: BatchContext;
  records: readonly InputRecord[];
  recordsPerCall: number;
  offsets: OffsetCommit;
  /** Told what each send wrote (for metrics). */
  onSent?: (records: readonly OutputRecord[]) => void;
  /** Fault injection (test/chaos): between the last send and the commit. */
  beforeCommit?: () => void;
}

/** Commits the chunk; returns where its outputs were written (for the processor's bookkeeping). */
export async function runChunkTransaction(c: ChunkTransaction): Promise<WrittenBatch[]> {
  let txn: BatchTransaction | undefined;
  const written: WrittenBatch[] = [];
  try {
    txn = await c.producer.begin();
    for (let i = 0; i < c.records.length; i += c.recordsPerCall) {
      const slice = c.records.slice(i, i + c.recordsPerCall);
      const outputs = await c.processor.processBatch(slice, c.ctx);
      written.push(...(await txn.send(outputs)));
      c.onSent?.(outputs);
    }
    c.beforeCommit?.();
    await txn.commit(c.offsets);
    return written;
  } catch (err) {
    await txn?.abort();
    throw err;
  }
}
