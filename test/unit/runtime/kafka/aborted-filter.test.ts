// read_committed filtering of interleaved transactions, as Kafka's Java client does it:
// kafkajs 2.2.4 let records of an aborted transaction through when the broker listed aborted
// transactions out of first-offset order (it lists them as they completed).
import { describe, expect, it } from '@jest/globals';
import {
  markAborted,
  type FetchedMessage,
} from '../../../../processors/adapters/kafka/kafkajs-fixes.js';

const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);
const data = (offset: number, producerId: string): FetchedMessage => ({
  offset: String(offset),
  key: Buffer.from('k'),
  batchContext: { producerId, inTransaction: true },
});
const marker = (offset: number, producerId: string, key: Buffer): FetchedMessage => ({
  offset: String(offset),
  key,
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true },
});

function kept(aborted: { producerId: string; firstOffset: string }[]): string[] {
  const partition = {
    abortedTransactions: aborted,
    messages: [
      data(0, 'A'), // A's transaction, aborted at 4
      data(1, 'B'), // B's transaction, committed at 3
      data(2, 'A'),
      marker(3, 'B', COMMIT),
      marker(4, 'A', ABORT),
      data(5, 'B'), // B's next transaction, aborted at 7
      data(6, 'A'), // A's next transaction, committed at 8
      marker(7, 'B', ABORT),
      marker(8, 'A', COMMIT),
    ],
  };
  markAborted(partition);
  expect(partition.abortedTransactions).toEqual([]);
  return partition.messages
    .filter((m) => m.isControlRecord !== true)
    .map((m) => `${m.offset}${m.batchContext?.producerId ?? ''}`);
}

describe('markAborted', () => {
  it('drops exactly the aborted transactions, whatever order the broker lists them in', () => {
    const inOrder = [
      { producerId: 'A', firstOffset: '0' },
      { producerId: 'B', firstOffset: '5' },
    ];
    expect(kept(inOrder)).toEqual(['1B', '6A']);
    expect(kept([...inOrder].reverse())).toEqual(['1B', '6A']);
  });

  it('starts every transaction that began before the fetched records', () => {
    const partition = {
      abortedTransactions: [
        { producerId: 'A', firstOffset: '0' },
        { producerId: 'B', firstOffset: '1' },
      ],
      messages: [data(10, 'A'), data(11, 'B'), marker(12, 'A', ABORT), marker(13, 'B', ABORT)],
    };
    markAborted(partition);
    expect(partition.messages.filter((m) => m.isControlRecord !== true)).toEqual([]);
  });
});
