// A log destination for people at a terminal (the demo): each pino JSON line becomes one
// readable line, `warn  normalize whatsapp.input/0@17: message (WAI_CODE: what failed)`,
// without stack traces. Services keep JSON (`createLogger`'s default), which machines read.
import type { Writable } from 'node:stream';
import type pino from 'pino';

const LEVELS: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function text(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** One log record as one line of text (control characters escaped: one record, one line). */
export function readableLine(json: string): string {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = LEVELS[Number(r['level'])] ?? 'log';
  const where = [text(r['stage']), text(r['topic'])].filter((x) => x !== null).join(' ');
  const partition = text(r['partition']);
  const offset = text(r['offset']);
  const at = `${where}${partition === null ? '' : `/${partition}`}${offset === null ? '' : `@${offset}`}`;
  const err = r['err'] as Record<string, unknown> | undefined;
  const cause =
    err === undefined
      ? ''
      : ` (${text(err['code']) ?? text(err['type']) ?? 'error'}: ${text(err['message']) ?? ''})`;
  const line = `${level.padEnd(5)} ${at === '' ? '' : `${at}: `}${text(r['msg']) ?? ''}${cause}`;
  return JSON.stringify(line).slice(1, -1).replaceAll('\\"', '"');
}

export function readableLines(out: Writable): pino.DestinationStream {
  return { write: (line: string) => void out.write(`${readableLine(line)}\n`) };
}
