// Jest globalTeardown: stops what globalSetup started (nothing, for external services).
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__WAI_TEST_STACK__;
  globalThis.__WAI_TEST_STACK__ = undefined;
  if (stack === undefined) return;
  await stack.stop();
  if (stack.kind !== 'external') {
    // Otherwise a second run in the same process (watch mode) would take them as external.
    delete process.env['KAFKA_BROKERS'];
    delete process.env['SCHEMA_REGISTRY_URL'];
  }
}
