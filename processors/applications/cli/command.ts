// A subcommand of `wa-identity`. Each lives in its own file under commands/ and exports
// `command`; main.ts finds them there, so adding one touches no other file.
import type { Readable, Writable } from 'node:stream';
import type { Env } from '../config.js';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Env;
  /** The clock, injected: only the runtime reads time, and tests fix it. */
  now: () => number;
}

export interface CliCommand {
  /** The word after `wa-identity`. */
  readonly name: string;
  /** One line for `wa-identity --help`. */
  readonly summary: string;
  /** Full text for `wa-identity <name> --help`. */
  readonly usage: string;
  /** Resolves to the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export function isCliCommand(value: unknown): value is CliCommand {
  if (value === null || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c['name'] === 'string' &&
    typeof c['run'] === 'function' &&
    typeof c['usage'] === 'string'
  );
}
