import { describe, expect, it } from '@jest/globals';
import { logLevel } from 'kafkajs';
import { Writable } from 'node:stream';
import {
  kafkaLogCreator,
  kafkajsLevel,
  pinoLevelOf,
} from '../../../../processors/adapters/kafka/log-bridge.js';
import { createLogger } from '../../../../processors/adapters/logging/logger.js';

const entry = (level: logLevel, message: string) => ({ level, log: { message, timestamp: '' } });

describe('kafkajs → pino bridge', () => {
  it('derives the kafkajs level from the pino level', () => {
    expect(kafkajsLevel('debug')).toBe(logLevel.DEBUG);
    expect(kafkajsLevel('info')).toBe(logLevel.INFO);
    expect(kafkajsLevel('warn')).toBe(logLevel.WARN);
    expect(kafkajsLevel('error')).toBe(logLevel.ERROR);
    expect(kafkajsLevel('silent')).toBe(logLevel.NOTHING);
  });

  it('quiets the lines kafkajs retries itself', () => {
    expect(pinoLevelOf(entry(logLevel.ERROR, 'Response InitProducerId(key: 22, version: 1)'))).toBe(
      'debug',
    );
    expect(
      pinoLevelOf(
        entry(
          logLevel.ERROR,
          'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
        ),
      ),
    ).toBe('debug');
    expect(pinoLevelOf(entry(logLevel.ERROR, 'Failed to send messages: Connection error'))).toBe(
      'warn',
    );
    expect(pinoLevelOf(entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded'))).toBe(
      'error',
    );
    expect(pinoLevelOf(entry(logLevel.INFO, 'Consumer has joined the group'))).toBe('info');
  });

  it('writes kafkajs entries through the redacting root logger', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    const log = kafkaLogCreator(createLogger({ level: 'info', destination }))(logLevel.INFO);
    log({
      namespace: 'Consumer',
      level: logLevel.WARN,
      label: 'WARN',
      log: {
        message: 'slow request from +15551234567',
        timestamp: 'x',
        logger: 'kafkajs',
        groupId: 'g',
      },
    });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        component: 'kafkajs',
        kafkajs: 'Consumer',
        groupId: 'g',
        msg: 'slow request from ***67',
      }),
    ]);
  });
});
