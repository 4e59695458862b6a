// Runs work for a set of keys (topic-partitions) strictly after all earlier work on any of
// those keys. What must hold: a partition's open (restore), its batches, its rollback and its
// close never interleave, even across rebalances that revoke and re-assign it quickly; work on
// other partitions is not held up.
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const before = Promise.all(keys.flatMap((k) => this.tails.get(k) ?? []));
    const result = before.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    for (const k of keys) this.tails.set(k, tail);
    // Forget settled tails so the map does not grow with every partition ever seen.
    void tail.then(() => {
      for (const k of keys) if (this.tails.get(k) === tail) this.tails.delete(k);
    });
    return result;
  }

  /** Resolves when everything queued so far has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
