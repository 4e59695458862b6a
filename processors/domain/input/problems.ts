// Input validation that reports every problem at once, each naming its field, and the
// message that lists them.
import { isObject } from './json-read.js';

export interface Problem {
  field: string;
  message: string;
}

export function problemMessage(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

/** A non-blank string field; pushes a problem naming `path` otherwise. */
export function readString(
  obj: Record<string, unknown>,
  name: string,
  path: string,
  problems: Problem[],
): string | null {
  const value = obj[name];
  if (typeof value === 'string' && value.trim() !== '') return value;
  const message =
    value === undefined || value === null ? 'is required' : 'expected a non-empty string';
  problems.push({ field: `${path}.${name}`, message });
  return null;
}

/** Epoch milliseconds (event time supplied with the input). */
export function readEpochMs(
  obj: Record<string, unknown>,
  name: string,
  path: string,
  problems: Problem[],
): number | null {
  const value = obj[name];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const message =
    value === undefined || value === null ? 'is required' : 'expected epoch milliseconds';
  problems.push({ field: `${path}.${name}`, message });
  return null;
}

export function readObject(
  value: unknown,
  path: string,
  problems: Problem[],
): Record<string, unknown> | null {
  if (isObject(value)) return value;
  problems.push({
    field: path,
    message: value === undefined ? 'is required' : 'expected an object',
  });
  return null;
}
