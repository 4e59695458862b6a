import { describe, expect, it } from '@jest/globals';
import type { KafkaMessage } from 'kafkajs';
import {
  byTopic,
  compareOffsets,
  nextOffsetAfter,
  toInputRecord,
  toKafkaMessage,
} from '../../../../processors/adapters/kafka/records.js';

describe('records', () => {
  it('keeps consumed bytes, headers and timestamp as received', () => {
    const message: KafkaMessage = {
      key: Buffer.from('k'),
      value: Buffer.from([0xff, 0x00]),
      timestamp: '1767323045000',
      attributes: 0,
      offset: '9007199254740993', // above 2^53: must stay exact
      headers: {
        one: Buffer.from('1'),
        many: [Buffer.from('a'), Buffer.from('b')],
        gone: undefined,
      },
    };
    const r = toInputRecord('t', 3, message);
    expect(r).toEqual({
      topic: 't',
      partition: 3,
      offset: '9007199254740993',
      key: Buffer.from('k'),
      value: Buffer.from([0xff, 0x00]),
      headers: { one: Buffer.from('1'), many: [Buffer.from('a'), Buffer.from('b')] },
      timestamp: 1767323045000,
    });
  });

  it('maps an output to a kafkajs message, tombstones and explicit partitions included', () => {
    expect(
      toKafkaMessage({
        topic: 't',
        key: 'k',
        value: null,
        partition: 2,
        timestamp: 5,
        headers: { h: ['x', 'y'] },
      }),
    ).toEqual({ key: 'k', value: null, partition: 2, timestamp: '5', headers: { h: ['x', 'y'] } });
    expect(toKafkaMessage({ topic: 't', key: null, value: 'v' })).toEqual({
      key: null,
      value: 'v',
      headers: {},
    });
  });

  it('groups outputs by topic in their original order', () => {
    const grouped = byTopic([
      { topic: 'a', key: '1', value: '1' },
      { topic: 'b', key: '2', value: '2' },
      { topic: 'a', key: '3', value: '3' },
    ]);
    expect(grouped.map((g) => [g.topic, g.messages.map((m) => m.key)])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
  });

  it('compares and advances int64 offsets exactly', () => {
    expect(compareOffsets('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareOffsets('10', '9')).toBe(1);
    expect(compareOffsets('7', '7')).toBe(0);
    expect(compareOffsets('-1', '0')).toBe(-1);
    expect(nextOffsetAfter('9007199254740993')).toBe('9007199254740994');
  });
});
