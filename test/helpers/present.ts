// Tests assert that a value is there before using it: a clear failure instead of a non-null
// assertion that would let `undefined` through.
export function present<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined)
    throw new Error(`expected a ${what}, got ${String(value)}`);
  return value;
}
