import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, redactPhonesInText } from '../../../processors/adapters/logging/logger.js';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, stream };
}

describe('logger redaction', () => {
  it('redacts phone-valued keys at any depth', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    log.info(
      {
        event: {
          phone: '16505551234',
          bsuid: 'US.13491208655302741918',
          nested: [{ wa_id: '+447700900123' }],
        },
      },
      'x',
    );
    const text = JSON.stringify(out.lines()[0]);
    expect(text).not.toContain('16505551234');
    expect(text).not.toContain('447700900123');
    expect(text).toContain('US.13491208655302741918');
  });

  it('redacts phone numbers inside messages and errors', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    log.error({ err: new Error('bad number 16505551234') }, 'user 12195555358 failed');
    const [line] = out.lines();
    const text = JSON.stringify(line);
    expect(text).not.toMatch(/16505551234|12195555358/);
    expect(line?.['msg']).toBe('user ***58 failed');
    const err = line?.['err'] as Record<string, unknown>;
    expect(err['message']).toBe('bad number ***34');
    expect(err['type']).toBe('Error');
    expect(String(err['stack'])).toContain('bad number ***34');
  });

  it('leaves BSUID digits and short numbers alone', () => {
    expect(redactPhonesInText('US.13491208655302741918 partition 3 offset 42')).toBe(
      'US.13491208655302741918 partition 3 offset 42',
    );
    expect(redactPhonesInText('from +16505551234.')).toBe('from ***34.');
  });
});
