// Runs the CLI's main() in-process on strings, as a shell would on pipes.
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../processors/applications/cli/main.js';

export const FIXED_NOW = Date.UTC(2026, 6, 1);

export interface CliRun {
  code: number;
  /** `value` is null for a contact-book tombstone. */
  records: Array<{ topic: string; key: string | null; value: Record<string, unknown> | null }>;
  stdout: string;
  stderr: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

export async function runCli(
  argv: string[],
  input: string | Readable = '',
  env: Record<string, string> = {},
): Promise<CliRun> {
  const stdin = typeof input === 'string' ? Readable.from([input]) : input;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await main(argv, { stdin, stdout, stderr, env, now: () => FIXED_NOW });
  const text = out();
  const records = text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as CliRun['records'][number]);
  return { code, records, stdout: text, stderr: err() };
}
