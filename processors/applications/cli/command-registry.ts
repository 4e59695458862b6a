// Finds the subcommands: every module in commands/ that exports `command`. Works from the
// TypeScript sources (tests) and from the compiled dist/ tree alike.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WaiError } from '../../domain/errors.js';
import type { CliCommand } from './command.js';
import { isCliCommand } from './command.js';

const COMMANDS_DIR = join(import.meta.dirname, 'commands');
const MODULE_RE = /^[a-z][a-z0-9-]*\.(js|ts)$/;

export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, CliCommand>> {
  const files = readdirSync(dir)
    .filter((f) => MODULE_RE.test(f) && !f.endsWith('.d.ts'))
    .sort();
  const commands = new Map<string, CliCommand>();
  for (const file of files) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    const command =
      mod['command'] ?? (mod['default'] as Record<string, unknown> | undefined)?.['command'];
    if (!isCliCommand(command)) {
      throw new WaiError('WAI_INTERNAL', `${file} does not export a CLI command as \`command\``);
    }
    if (commands.has(command.name)) {
      throw new WaiError('WAI_INTERNAL', `two modules define the command "${command.name}"`);
    }
    commands.set(command.name, command);
  }
  return commands;
}
