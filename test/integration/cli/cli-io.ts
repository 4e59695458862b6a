// A CliIo for running `main([...])` in a test: stdout and stderr collected as text.
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../../processors/applications/cli/command.js';

export interface TestIo extends CliIo {
  out: () => string;
  err: () => string;
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export function testIo(env: Record<string, string>, now = Date.now()): TestIo {
  const out = collect();
  const err = collect();
  return {
    stdin: Readable.from([]),
    stdout: out.stream,
    stderr: err.stream,
    env,
    now: () => now,
    out: out.text,
    err: err.text,
  };
}
