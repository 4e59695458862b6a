import { describe, expect, it } from '@jest/globals';
import {
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { WaiError } from '../../../../processors/domain/errors.js';
import { classifyKafkaFailure } from '../../../../processors/adapters/kafka/kafka-errors.js';

function protocolError(type: string, code: number, retriable = false): KafkaJSProtocolError {
  return new KafkaJSProtocolError(
    Object.assign(new Error(`${type} from broker`), { type, code, retriable }),
  );
}

describe('classifyKafkaFailure', () => {
  it('recognizes a fenced producer, also behind the retry wrapper and by code 90', () => {
    const epoch = protocolError('INVALID_PRODUCER_EPOCH', 47);
    expect(classifyKafkaFailure(epoch, 'commit').kind).toBe('fenced');
    const wrapped = new KafkaJSNumberOfRetriesExceeded(epoch, { retryCount: 5, retryTime: 100 });
    expect(classifyKafkaFailure(wrapped, 'commit').kind).toBe('fenced');
    const unknown = protocolError('KAFKA_UNKNOWN_ERROR', 90);
    expect(classifyKafkaFailure(unknown, 'commit').kind).toBe('fenced');
  });

  it('never retries what a retry cannot fix, nor our own bugs', () => {
    const tooLarge = classifyKafkaFailure(protocolError('MESSAGE_TOO_LARGE', 10), 'send');
    expect(tooLarge.kind).toBe('fatal');
    expect(tooLarge.error).toMatchObject({ code: 'WAI_BROKER', retriable: false });
    const bug = classifyKafkaFailure(new TypeError('x is undefined'), 'batch');
    expect(bug.kind).toBe('fatal');
    expect(bug.error).toMatchObject({ code: 'WAI_INTERNAL', message: 'batch: x is undefined' });
  });

  it('retries other client failures, including kafkajs non-retriable state errors', () => {
    const state = new KafkaJSNonRetriableError('Transaction state exception: Cannot call "commit"');
    const classified = classifyKafkaFailure(state, 'commit');
    expect(classified.kind).toBe('retriable');
    expect(classified.error).toMatchObject({ code: 'WAI_BROKER', retriable: true });
    expect(classified.error.cause).toBe(state);
    expect(classifyKafkaFailure(protocolError('NOT_COORDINATOR', 16, true), 'x').kind).toBe(
      'retriable',
    );
  });

  it('keeps a WaiError as it is, by its retriable flag', () => {
    const timeout = new WaiError('WAI_TIMEOUT', 'slow', { retriable: true });
    expect(classifyKafkaFailure(timeout, 'x')).toEqual({ kind: 'retriable', error: timeout });
    const config = new WaiError('WAI_CONFIG', 'bad');
    expect(classifyKafkaFailure(config, 'x')).toEqual({ kind: 'fatal', error: config });
  });
});
