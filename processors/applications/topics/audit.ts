// --show-phones is an access to personal data: one audit line on stderr per use, saying who,
// when, from where and what, never a phone number itself.
import { hostname, userInfo } from 'node:os';
import type { CliIo } from '../cli/command.js';

function who(io: CliIo): string {
  const fromEnv = io.env['USER'] ?? io.env['LOGNAME'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function auditShowPhones(io: CliIo, command: string, topic: string): void {
  const line = {
    audit: 'show-phones',
    user: who(io),
    host: hostname(),
    at: new Date(io.now()).toISOString(),
    command,
    topic,
  };
  io.stderr.write(`${JSON.stringify(line)}\n`);
}
