// Jest globalSetup of the integration project: starts (or finds) Kafka + a schema registry
// and hands their addresses to the test workers, which inherit this process's environment.
import { registerHooks } from 'node:module';

import type { TestStack } from './stack.js';

declare global {
  var __WAI_TEST_STACK__: TestStack | undefined;
}

/**
 * Jest loads this file with Node's own resolver, not the project's moduleNameMapper, so the
 * `./x.js` specifiers of our TypeScript sources do not resolve here as they do in tests.
 * While setup runs, a resolve hook falls back from a missing `x.js` to `x.ts`; jest's
 * transformer is active until setup returns and compiles what that finds.
 */
function resolveTypeScriptSources(): () => void {
  const hooks = registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (err) {
        if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw err;
        return nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
      }
    },
  });
  return () => hooks.deregister();
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const deregister = resolveTypeScriptSources();
  let stack: TestStack;
  try {
    const { startTestStack } = await import('./stack.js');
    stack = await startTestStack();
  } finally {
    deregister();
  }
  globalThis.__WAI_TEST_STACK__ = stack;
  process.env['KAFKA_BROKERS'] = stack.brokers.join(',');
  // Which stack these variables name: a suite that needs its own (test/chaos) can tell.
  process.env['WAI_TEST_STACK'] = stack.kind;
  process.env['SCHEMA_REGISTRY_URL'] = stack.registryUrl;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\n[integration] ${stack.description}; ready in ${seconds}s\n`);
}
