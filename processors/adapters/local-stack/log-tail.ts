import { open } from 'node:fs/promises';

/** The last `maxLines` lines of a log file, for error messages; '' when unreadable. */
export async function tailFile(file: string, maxLines = 30, maxBytes = 16_384): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, maxBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').trimEnd().split('\n').slice(-maxLines).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

/** A failure message that names the log and quotes its tail, so nobody has to go looking. */
export async function withLogTail(message: string, logFile: string): Promise<string> {
  const tail = await tailFile(logFile);
  const body = tail === '' ? '(log is empty)' : tail.replace(/^/gm, '  | ');
  return `${message}\nlog: ${logFile}\n${body}`;
}
