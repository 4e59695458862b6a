// kafkajs logs through pino: one root logger, redaction included. kafkajs's own level filter is
// derived from the pino level so nothing below it is even formatted.
import { logLevel } from 'kafkajs';
import type { LogEntry, logCreator } from 'kafkajs';
import type { Logger } from '../logging/logger.js';

type PinoLevel = 'error' | 'warn' | 'info' | 'debug';

// Lines kafkajs logs louder than they are, because it retries them itself and the caller that
// finally fails reports the error:
// - every error response of the wire protocol is an ERROR from [Connection], routine ones
//   included (coordinator loading, CONCURRENT_TRANSACTIONS right after a commit);
// - each retried attempt of a send is an ERROR from [Producer]; the first send of nearly
//   every transaction meets CONCURRENT_TRANSACTIONS while the broker still writes the previous
//   transaction's markers (kafkajs speaks transaction protocol v1, before KIP-890).
// The idempotent-retries warning is deliberate on our side: retries are bounded because a
// failed send aborts the whole transaction, which is then replayed (see partition-producer.ts).
const RELEVELED: readonly (readonly [RegExp, PinoLevel])[] = [
  [/^Response \w+\(key: \d+, version: \d+\)$/, 'debug'],
  [/^Limiting retries for the idempotent producer/, 'debug'],
  [
    /^Failed to send messages: The producer attempted to update a transaction while another/,
    'debug',
  ],
  [/^Failed to send messages/, 'warn'],
];

export function kafkajsLevel(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.ERROR;
  }
}

export function pinoLevelOf(entry: Pick<LogEntry, 'level' | 'log'>): PinoLevel {
  const base: PinoLevel =
    entry.level === logLevel.ERROR
      ? 'error'
      : entry.level === logLevel.WARN
        ? 'warn'
        : entry.level === logLevel.INFO
          ? 'info'
          : 'debug';
  if (base !== 'error' && base !== 'warn') return base;
  return RELEVELED.find(([re]) => re.test(entry.log.message))?.[1] ?? base;
}

export function kafkaLogCreator(logger: Logger): logCreator {
  const root = logger.child({ component: 'kafkajs' });
  return () => (entry) => {
    const { message, timestamp: _timestamp, logger: _name, stack, error, ...extra } = entry.log;
    const fields: Record<string, unknown> = { kafkajs: entry.namespace, ...extra };
    if (typeof error === 'string') fields['error'] = error;
    if (typeof stack === 'string') fields['stack'] = stack;
    root[pinoLevelOf(entry)](fields, message);
  };
}
