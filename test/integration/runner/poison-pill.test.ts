// A record the stage cannot read goes to the DLQ with its original bytes, headers and
// timestamp plus error headers, in the batch's transaction, and the records after it pass.
import { describe, expect, it } from '@jest/globals';
import { DLQ_HEADERS, runStage } from '../../../processors/adapters/kafka/index.js';
import { restorePartitions } from '../../../processors/adapters/kafka/restore.js';
import { randomName, useKafka } from '../../helpers/kafka.js';
import { collect, countsByKey, createStageTopics, header, oneToN, testClient } from './harness.js';
import { UpperCountProcessor } from './upper-count-processor.js';
import { present } from '../../helpers/present.js';

const kit = useKafka();

describe('poison pill', () => {
  it('copies the bad record to the DLQ byte for byte and keeps processing', async () => {
    const topics = await createStageTopics(kit, 1);
    const client = testClient(kit);
    const poison = Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x00]); // "hi" + invalid UTF-8
    const poisonTimestamp = Date.UTC(2026, 0, 2, 3, 4, 5);
    const producer = await kit.producer();
    await producer.send({
      topic: topics.input,
      messages: [
        ...['a', 'b', 'a'].map((key, i) => ({ key, value: `before-${i}` })),
        {
          key: 'bad',
          value: poison,
          timestamp: String(poisonTimestamp),
          headers: { trace: 'trace-1', multi: ['x', 'y'] },
        },
        ...['b', 'a', 'c'].map((key, i) => ({ key, value: `after-${i}` })),
      ],
    });

    const stage = await runStage({
      client,
      name: 'upper',
      groupId: randomName('g'),
      inputTopics: [topics.input],
      dlqTopic: topics.dlq,
      processor: new UpperCountProcessor({ outputTopic: topics.output, stateTopic: topics.state }),
    });
    const outputs = await collect(kit, topics.output);
    const dlq = await collect(kit, topics.dlq);
    await outputs.atLeast(6);
    await dlq.atLeast(1);
    await stage.stop();
    expect(stage.state).toBe('STOPPED');

    const [dead] = dlq.records;
    expect(dlq.records).toHaveLength(1);
    expect(dead?.key?.toString()).toBe('bad');
    expect(dead?.value?.equals(poison)).toBe(true);
    expect(dead?.timestamp).toBe(poisonTimestamp);
    expect(header(present(dead), 'trace')).toBe('trace-1');
    expect(dead?.headers['multi']).toEqual([Buffer.from('x'), Buffer.from('y')]);
    expect(header(present(dead), DLQ_HEADERS.code)).toBe('WAI_BAD_INPUT');
    expect(header(present(dead), DLQ_HEADERS.message)).toMatch(/unreadable record/);
    expect(header(present(dead), DLQ_HEADERS.topic)).toBe(topics.input);
    expect(header(present(dead), DLQ_HEADERS.partition)).toBe('0');
    expect(header(present(dead), DLQ_HEADERS.offset)).toBe('3');
    expect(header(present(dead), DLQ_HEADERS.stage)).toBe('upper');
    expect(Number.isNaN(Date.parse(header(present(dead), DLQ_HEADERS.time) ?? ''))).toBe(false);

    expect(outputs.records.map((r) => r.value?.toString())).toEqual([
      'BEFORE-0',
      'BEFORE-1',
      'BEFORE-2',
      'AFTER-0',
      'AFTER-1',
      'AFTER-2',
    ]);
    expect(countsByKey(outputs.records)).toEqual(
      new Map([
        ['a', oneToN(3)],
        ['b', oneToN(2)],
        ['c', oneToN(1)],
      ]),
    );
    const state = new Map<string, string>();
    await restorePartitions(client, {
      topic: topics.state,
      partitions: [0],
      apply: (r) => void state.set(present(r.key).toString(), present(r.value).toString()),
    });
    expect(state).toEqual(
      new Map([
        ['a', '3'],
        ['b', '2'],
        ['c', '1'],
      ]),
    );
  });
});
