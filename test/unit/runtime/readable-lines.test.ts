import { describe, expect, it } from '@jest/globals';
import { readableLine } from '../../../processors/adapters/logging/readable-lines.js';

describe('readableLine', () => {
  it('gives a log record as one line: level, where, message, error code and message', () => {
    const json = JSON.stringify({
      level: 40,
      stage: 'normalize',
      topic: 'whatsapp.input',
      partition: 2,
      offset: '17',
      msg: 'copied to the DLQ',
      err: {
        type: 'WaiError',
        code: 'WAI_BAD_INPUT',
        message: 'not valid JSON',
        stack: 'WaiError: …\n  at x',
      },
    });
    expect(readableLine(json)).toBe(
      'warn  normalize whatsapp.input/2@17: copied to the DLQ (WAI_BAD_INPUT: not valid JSON)',
    );
  });

  it('keeps a record on one line whatever its text holds', () => {
    const line = readableLine(JSON.stringify({ level: 30, msg: 'a\nforged line\u0000' }));
    expect(line).toBe('info  a\\nforged line\\u0000');
    expect(readableLine('not json\n')).toBe('not json');
  });
});
