// WAI_METRICS_PORT / WAI_METRICS_HOST in loadConfig: unset means no endpoint; a bad value is
// reported with the other problems, naming its variable.
import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../../processors/domain/errors.js';
import { loadConfig } from '../../../../processors/applications/config.js';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(WaiError);
    expect((err as WaiError).code).toBe('WAI_CONFIG');
    return (err as WaiError).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('metrics configuration', () => {
  it('has no port (nothing listens) and every interface by default', () => {
    expect(loadConfig({}).metrics).toEqual({ port: null, host: '0.0.0.0' });
    expect(loadConfig({ WAI_METRICS_PORT: '' }).metrics.port).toBeNull();
  });

  it('reads the port and host', () => {
    const c = loadConfig({ WAI_METRICS_PORT: '9464', WAI_METRICS_HOST: '127.0.0.1' });
    expect(c.metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ WAI_METRICS_PORT: '0' }).metrics.port).toBe(0);
    expect(Object.isFrozen(c.metrics)).toBe(true);
  });

  it('rejects a bad port or host, naming the variable, with the other problems', () => {
    for (const bad of ['abc', '-1', '65536', '80.5', '1e3'])
      expect(problem({ WAI_METRICS_PORT: bad })).toContain(
        `WAI_METRICS_PORT: must be a port number 0-65535, got "${bad}"`,
      );
    const both = problem({ WAI_METRICS_HOST: 'local host', WAI_PARTITIONS: '0' });
    expect(both).toContain('WAI_METRICS_HOST: must be a host name or address');
    expect(both).toContain('WAI_PARTITIONS:');
  });
});
