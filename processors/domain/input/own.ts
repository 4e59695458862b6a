// Lookups keyed by input, safe whatever the key: an id such as `constructor`, `__proto__` or
// `toString` is an ordinary key here, never a property Object.prototype lends.

/** `obj[key]` when `key` is the object's own property, else undefined. */
export function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** A record that has no prototype: setting `__proto__` on it is setting a key. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
