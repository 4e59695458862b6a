// `wa-identity run` refuses what it must refuse before touching Kafka: the development key
// secret (unless allowed), an unknown option, a missing registry. Usage and configuration
// errors exit 2 and say which setting is at fault.
import { describe, expect, it } from '@jest/globals';
import { runCli } from '../cli/run-cli.js';

const SECRET = { WAI_KEY_SECRET: 'a-production-secret-of-length' };

describe('wa-identity run', () => {
  it('refuses the development key secret unless --allow-dev-secret', async () => {
    const r = await runCli(['run'], '', {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WAI_KEY_SECRET is the development secret.*--allow-dev-secret/);
  });

  it('passes the secret check with --allow-dev-secret (then needs a registry)', async () => {
    const r = await runCli(['run', '--allow-dev-secret'], '', {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SCHEMA_REGISTRY_URL is not set/);
  });

  it('rejects an unknown option (there are no stages to pick any more)', async () => {
    const stage = await runCli(['run', '--stage', 'split'], '', SECRET);
    expect({ code: stage.code, err: stage.stderr }).toEqual({
      code: 2,
      err: expect.stringMatching(/unknown argument --stage/),
    });
    const option = await runCli(['run', '--fast'], '', SECRET);
    expect({ code: option.code, err: option.stderr }).toEqual({
      code: 2,
      err: expect.stringMatching(/unknown argument --fast/),
    });
  });

  it('documents its topics, options, group timing and exit codes', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<prefix>input \(keyed by portfolio\)/);
    expect(r.stdout).toMatch(
      /WAI_SESSION_TIMEOUT_MS, WAI_HEARTBEAT_INTERVAL_MS, WAI_REBALANCE_TIMEOUT_MS/,
    );
    expect(r.stdout).toMatch(/exit codes: 0 stopped cleanly, 1 the worker failed/);
  });
});
