// The stage lifecycle (processors/runtime/lifecycle/): state machine, signal handling, timeouts.
import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { WaiError } from '../../../../processors/domain/errors.js';
import { Lifecycle } from '../../../../processors/adapters/lifecycle/lifecycle.js';
import type { LifecycleState } from '../../../../processors/adapters/lifecycle/lifecycle.js';
import { runUntilSignal } from '../../../../processors/adapters/lifecycle/shutdown.js';
import { withTimeout } from '../../../../processors/adapters/lifecycle/timeout.js';
import { createLogger } from '../../../../processors/adapters/logging/logger.js';

const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

describe('Lifecycle', () => {
  it('walks the documented path and resolves done on STOPPED', async () => {
    const lc = new Lifecycle('stage t');
    const seen: LifecycleState[] = [];
    lc.onChange((state) => seen.push(state));
    for (const s of [
      'STARTING',
      'RESTORING',
      'RUNNING',
      'RESTORING',
      'RUNNING',
      'STOPPING',
      'STOPPED',
    ] as const)
      lc.to(s);
    await expect(lc.done).resolves.toBeUndefined();
    expect(seen).toEqual([
      'STARTING',
      'RESTORING',
      'RUNNING',
      'RESTORING',
      'RUNNING',
      'STOPPING',
      'STOPPED',
    ]);
    expect(lc.final).toBe(true);
  });

  it('refuses illegal transitions as bugs', () => {
    const lc = new Lifecycle('stage t');
    expect(() => lc.to('RUNNING')).toThrow(/illegal transition CREATED → RUNNING/);
    lc.to('STARTING');
    lc.to('STOPPING');
    expect(() => lc.to('RUNNING')).toThrow(WaiError);
  });

  it('keeps the first failure and rejects done with it', async () => {
    const lc = new Lifecycle('stage t');
    lc.to('STARTING');
    lc.to('RUNNING');
    lc.fail(new TypeError('boom'));
    lc.fail(new Error('later'));
    expect(lc.state).toBe('FAILED');
    await expect(lc.done).rejects.toMatchObject({ code: 'WAI_INTERNAL', message: 'boom' });
  });
});

/** A minimal service on the real Lifecycle; `stopWith` decides how its stop ends. */
function service(stopWith: 'clean' | 'timeout' | 'never') {
  const lc = new Lifecycle('svc');
  lc.to('STARTING');
  lc.to('RUNNING');
  let stops = 0;
  return {
    lc,
    stops: () => stops,
    done: lc.done,
    stop: () => {
      stops += 1;
      lc.to('STOPPING');
      if (stopWith === 'never') return new Promise<void>(() => undefined);
      if (stopWith === 'timeout') {
        const err = new WaiError('WAI_SHUTDOWN_TIMEOUT', 'stopping took too long');
        lc.fail(err);
        return Promise.reject(err);
      }
      lc.to('STOPPED');
      return Promise.resolve();
    },
  };
}

describe('runUntilSignal', () => {
  it('stops gracefully on SIGTERM and exits 0', async () => {
    const svc = service('clean');
    const signals = new EventEmitter();
    const code = runUntilSignal(svc, { logger: silent, source: signals });
    signals.emit('SIGTERM');
    await expect(code).resolves.toBe(0);
    expect(svc.stops()).toBe(1);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('exits 1 when the graceful stop hits its force timeout', async () => {
    const signals = new EventEmitter();
    const code = runUntilSignal(service('timeout'), { logger: silent, source: signals });
    signals.emit('SIGINT');
    await expect(code).resolves.toBe(1);
  });

  it('exits 1 when the service fails on its own (e.g. a crash kafkajs does not restart)', async () => {
    const svc = service('clean');
    const code = runUntilSignal(svc, { logger: silent, source: new EventEmitter() });
    svc.lc.fail(new WaiError('WAI_BROKER', 'consumer crashed'));
    await expect(code).resolves.toBe(1);
  });

  it('gives up at once on a second signal', async () => {
    const svc = service('never');
    const signals = new EventEmitter();
    const code = runUntilSignal(svc, { logger: silent, source: signals });
    signals.emit('SIGTERM');
    signals.emit('SIGTERM');
    await expect(code).resolves.toBe(1);
    expect(svc.stops()).toBe(1);
  });
});

describe('withTimeout', () => {
  it('passes results through and turns a missed deadline into a typed error', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'fast')).resolves.toBe(7);
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 5, 'transaction commit')).rejects.toMatchObject({
      code: 'WAI_TIMEOUT',
      retriable: true,
      message: 'transaction commit did not finish within 5 ms',
    });
    await expect(
      withTimeout(never, 5, 'stopping stage split', { code: 'WAI_SHUTDOWN_TIMEOUT' }),
    ).rejects.toMatchObject({ code: 'WAI_SHUTDOWN_TIMEOUT', retriable: false });
  });
});
