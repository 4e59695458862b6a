// Two workers share the input log's partitions, and a portfolio's state follows a
// reassignment: the worker owning the portfolio's partition stops, the other takes that
// partition over, restores its state from the contact-book partition of the same number, and
// a BSUID-only message sent afterwards still gets the user's phone from the contact book
// (phoneSource CONTACT_BOOK), as learned by the first owner.
import { describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import { BSUID, PHONE, metaInbound, rawInput } from '../../unit/pipeline/inputs.js';
import type { Pipeline } from '../../../processors/applications/worker/index.js';
import {
  PARTITIONS,
  feedOneByOne,
  readOutputs,
  readTopic,
  usePipelineDeployments,
} from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

function owned(p: Pipeline): number[] {
  return p.stages.flatMap((s) => s.owned()).map((tp) => tp.partition);
}

describe('worker on Kafka: two workers', () => {
  it('split the partitions, and the contact book follows a reassignment', async () => {
    const d = await deployment('pipe-rebalance');
    const first = await d.start();
    const base = Date.now();
    await feedOneByOne(kit, d, [
      rawInput(metaInbound('wamid.R1', '2026-05-01T10:00:00Z', true), base),
    ]);

    const second = await d.start();
    const workers = [first, second];
    await waitFor(
      () =>
        workers.every((w) => owned(w).length > 0 && w.stages.every((s) => s.state === 'RUNNING')),
      () => `owned: ${workers.map((w) => JSON.stringify(owned(w))).join(' ')}`,
    );
    // Between them they own each partition exactly once.
    expect([...owned(first), ...owned(second)].sort()).toEqual([0, 1]);

    const book = await readTopic(d, d.config.topics.contactBook);
    const partition = book.find((r) => r.key?.toString() === `acme|${BSUID}`)?.partition;
    expect(partition).toBeDefined();
    const owner = workers.find((w) => owned(w).includes(partition ?? -1));
    const survivor = workers.find((w) => w !== owner);
    if (owner === undefined || survivor === undefined) throw new Error('no owner found');
    await owner.stop();
    await waitFor(
      () => owned(survivor).length === PARTITIONS,
      () => `survivor owns ${JSON.stringify(owned(survivor))}`,
    );

    await feedOneByOne(kit, d, [
      rawInput(metaInbound('wamid.R2', '2026-08-01T10:00:00Z', false), base + 1000),
    ]);
    const events = (await readOutputs(d)).filter((r) => r.topic === 'data-stream');
    expect(events.map((r) => r.value)).toEqual([
      expect.objectContaining({ messageId: 'wamid.R1', phone: PHONE, phoneSource: 'WEBHOOK' }),
      expect.objectContaining({
        messageId: 'wamid.R2',
        phone: PHONE,
        phoneSource: 'CONTACT_BOOK',
        waid: PHONE,
        bsuid: BSUID,
      }),
    ]);
  });
});
