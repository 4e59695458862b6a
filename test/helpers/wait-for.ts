/**
 * Polls until `done()` holds (it may be async); on timeout throws with `describe()` so the
 * failure says why.
 */
export async function waitFor(
  done: () => boolean | Promise<boolean>,
  describe: () => string,
  timeoutMs = 30_000,
  pollMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
