// Strict option parsing: an unknown option or stray argument is a usage error that names it.
import { parseArgs } from 'node:util';
import type { ParseArgsOptionsConfig } from 'node:util';
import { WaiError } from '../../domain/errors.js';

function offending(err: Error): string {
  // Node quotes the offending token: "Unknown option '--x'" / "Unexpected argument 'y'".
  return /'([^']+)'/.exec(err.message)?.[1] ?? err.message;
}

export function parseCommandArgs<T extends ParseArgsOptionsConfig>(
  command: string,
  args: readonly string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (err) {
    const arg = offending(err as Error);
    throw new WaiError(
      'WAI_CONFIG',
      `unknown argument ${arg} (see wa-identity ${command} --help)`,
      {
        field: arg,
        cause: err,
      },
    );
  }
}
