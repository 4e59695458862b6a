// State kept aside: a partition revoked right after a commit keeps its state, and when it
// comes back only the contact-book records written since are read (a catch-up), giving the
// same state as a full restore; a partition whose batch was rolled back is forgotten.
import { describe, expect, it } from '@jest/globals';
import { PIPELINE_ENV, journey, metaInboundFrom, rawInput } from './inputs.js';
import { batchContext, restoringContext, simWorker, TOPICS } from './sim-worker.js';

const BASE = Date.UTC(2026, 5, 1);

describe('PortfolioProcessor state kept aside', () => {
  it('catches up a returning partition from where its state was complete', async () => {
    const worker = await simWorker(PIPELINE_ENV, 1);
    worker.append(journey(BASE));
    worker.drain();
    const tp = { topic: TOPICS.input, partition: 0 };
    const book = worker.topics.log(TOPICS.contactBook)[0] ?? [];
    // The runner reports where the last committed transaction wrote its contact-book batch.
    const last = book[book.length - 1];
    worker.processor.committed(tp, [
      { topic: TOPICS.contactBook, partition: 0, baseOffset: last?.offset ?? '0' },
    ]);
    worker.processor.revoke([tp], 'revoked');
    expect(worker.processor.parkedPartitions()).toEqual([0]);

    // Meanwhile another owner processed more and wrote to the contact book.
    const other = await worker.restored();
    const more = [0, 1, 2].map((i) =>
      rawInput(
        metaInboundFrom(
          { bsuid: `US.${9000 + i}`, phone: `1650555900${i}` },
          `wamid.M${i}`,
          '2026-08-10T10:00:00Z',
        ),
        BASE + 10_000 + i,
      ),
    );
    const before = book.length;
    worker.append(more);
    for (const r of (worker.topics.log(TOPICS.input)[0] ?? []).slice(-more.length)) {
      worker.topics.produce(other.processBatch([r], batchContext(0)));
    }
    expect(book.length).toBeGreaterThan(before);

    const calls: Map<number, string>[] = [];
    await worker.processor.assign([tp], restoringContext(worker.topics, calls));
    expect(calls).toEqual([new Map([[0, last?.offset]])]);
    const full = await worker.restored();
    expect(worker.processor.state(0)?.entries()).toEqual(full.state(0)?.entries());
    expect(worker.processor.state(0)?.entries().size).toBeGreaterThan(3);
  });

  it('forgets a partition whose batch was rolled back, and restores it in full', async () => {
    const worker = await simWorker(PIPELINE_ENV, 1);
    worker.append(journey(BASE));
    worker.drain();
    const tp = { topic: TOPICS.input, partition: 0 };
    worker.processor.revoke([tp], 'rolled-back');
    expect(worker.processor.parkedPartitions()).toEqual([]);
    const calls: Map<number, string>[] = [];
    await worker.processor.assign([tp], restoringContext(worker.topics, calls));
    expect(calls).toEqual([new Map()]);
    expect(worker.processor.state(0)?.entries().size).toBeGreaterThan(0);
  });
});
