// A real ingress (`openIngress`, as the command runs it) on a free port for the ingress
// tests, closed (server, then producer) after each test, and a plain POST to it.
import { afterEach } from '@jest/globals';
import { Registry } from 'prom-client';
import { loadIngressSettings } from '../../../processors/applications/ingress/ingress-config.js';
import {
  openIngress,
  type OpenIngress,
} from '../../../processors/applications/ingress/open-ingress.js';
import { loadConfig } from '../../../processors/applications/config.js';
import { logger } from '../pipeline/harness.js';

export interface RunningIngress {
  url: (path: string) => string;
  registry: Registry;
}

/** Starts ingresses of a deployment (`env`) with `ingressEnv` settings and the clock `now`. */
export function useIngress(
  now: () => number,
): (env: Record<string, string>, ingressEnv: Record<string, string>) => Promise<RunningIngress> {
  const open: OpenIngress[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((i) => i.close(0)));
  });
  return async (env, ingressEnv) => {
    const registry = new Registry();
    const ingress = await openIngress({
      config: loadConfig(env),
      settings: loadIngressSettings(ingressEnv),
      registry,
      logger,
      now,
    });
    open.push(ingress);
    return { url: (path) => `http://127.0.0.1:${ingress.server.port}${path}`, registry };
  };
}

export function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
