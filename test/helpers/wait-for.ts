/** Polls until `done()` holds; on timeout throws with `describe()` so the failure says why. */
export async function waitFor(
  done: () => boolean,
  describe: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
