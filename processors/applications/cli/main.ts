// `wa-identity <command> [options]`: dispatches to the subcommands in commands/.
// Exit codes: 0 ok, 1 failure while running, 2 usage or configuration error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WaiError, toWaiError } from '../../domain/errors.js';
import { effectiveEnv } from '../config-file.js';
import { packageRoot } from '../../adapters/package-root.js';
import type { CliIo } from './command.js';
import { loadCommands } from './command-registry.js';

const HELP = new Set(['--help', '-h', 'help']);
const VERSION = new Set(['--version', '-V']);

/** The package's version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

const CONFIG_HELP = `every command: --config <file.yaml|file.json> (or WAI_CONFIG) reads settings from a
file; a variable set in the environment wins over the file (see README "Configuration file")`;

/** `--config <file>` / `--config=<file>`, taken out of a command's arguments. */
export function takeConfigFlag(args: readonly string[]): {
  args: string[];
  configPath: string | null;
} {
  const rest: string[] = [];
  let configPath: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--config' || arg.startsWith('--config=')) {
      const value = arg === '--config' ? args[++i] : arg.slice('--config='.length);
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new WaiError('WAI_CONFIG', '--config needs a file path', { field: '--config' });
      }
      configPath = value;
    } else rest.push(arg);
  }
  return { args: rest, configPath };
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name !== undefined && VERSION.has(name)) {
    write(io.stdout, `wa-identity ${version()}`);
    return 0;
  }
  const commands = await loadCommands();
  if (name === undefined || HELP.has(name)) {
    const list = [...commands.values()].map((c) => `  ${c.name.padEnd(12)} ${c.summary}`);
    write(
      name === undefined ? io.stderr : io.stdout,
      [
        'usage: wa-identity <command> [options]',
        '',
        'commands:',
        ...list,
        '',
        'wa-identity <command> --help shows its options; wa-identity --version the version.',
      ].join('\n'),
    );
    return name === undefined ? 2 : 0;
  }
  const command = commands.get(name);
  if (!command) {
    write(
      io.stderr,
      `wa-identity: unknown command "${name}" (commands: ${[...commands.keys()].join(', ')})`,
    );
    return 2;
  }
  if (rest.some((a) => a === '--help' || a === '-h')) {
    write(io.stdout, `${command.usage}\n\n${CONFIG_HELP}`);
    return 0;
  }
  try {
    const { args, configPath } = takeConfigFlag(rest);
    const env = effectiveEnv(configPath === null ? io.env : { ...io.env, WAI_CONFIG: configPath });
    return await command.run(args, { ...io, env });
  } catch (err) {
    const e = toWaiError(err);
    write(io.stderr, `wa-identity ${name}: ${e.message}`);
    return e.code === 'WAI_CONFIG' ? 2 : 1;
  }
}

/** The process entry (bin/wa-identity.js): real streams, real clock, real exit code. */
export function runFromProcess(): void {
  const io: CliIo = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => Date.now(),
  };
  const finish = (code: number): void => {
    process.exitCode = code;
    // The command is done: a client still retrying in the background (a producer whose close
    // timed out) must not keep the process alive. Normally the event loop drains first.
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  };
  main(process.argv.slice(2), io).then(finish, (err: unknown) => {
    process.stderr.write(`wa-identity: ${toWaiError(err).message}\n`);
    finish(1);
  });
}

/** How long a finished command waits for its event loop to drain before exiting anyway. */
const EXIT_GRACE_MS = 2000;

if (import.meta.main) runFromProcess();
