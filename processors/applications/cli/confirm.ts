// A yes/no question before a destructive command: asked on a terminal, refused without one
// unless --yes was given (a script must say so explicitly).
import { createInterface } from 'node:readline/promises';
import { WaiError } from '../../domain/errors.js';
import type { CliIo } from './command.js';

export async function confirmed(
  io: CliIo,
  command: string,
  question: string,
  yes: boolean,
): Promise<boolean> {
  if (yes) return true;
  const stdin = io.stdin;
  if (!('isTTY' in stdin) || stdin.isTTY !== true) {
    throw new WaiError(
      'WAI_CONFIG',
      `${question} — refusing without a terminal to confirm on: pass --yes (see wa-identity ${command} --help)`,
      { field: '--yes' },
    );
  }
  const rl = createInterface({ input: stdin, output: io.stderr });
  try {
    const answer = await rl.question(`${question} Type "yes" to go on: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
