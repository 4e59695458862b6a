import { describe, expect, it } from '@jest/globals';
import { KeyedSerial } from '../../../../processors/adapters/kafka/keyed-serial.js';

/** A promise the test settles by hand, to force an interleaving. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('KeyedSerial', () => {
  it('orders work per key and lets other keys run meanwhile', async () => {
    const serial = new KeyedSerial();
    const events: string[] = [];
    const slowOpen = gate();
    const open = serial.run(['p0', 'p1'], async () => {
      events.push('open p0+p1 start');
      await slowOpen.promise;
      events.push('open p0+p1 end');
    });
    const batch = serial.run(['p1'], () => Promise.resolve(events.push('batch p1')));
    const other = serial.run(['p2'], () => Promise.resolve(events.push('batch p2')));
    await other;
    expect(events).toEqual(['open p0+p1 start', 'batch p2']);
    slowOpen.open();
    await Promise.all([open, batch]);
    expect(events).toEqual(['open p0+p1 start', 'batch p2', 'open p0+p1 end', 'batch p1']);
  });

  it('runs later work after a failure and reports the failure to its caller only', async () => {
    const serial = new KeyedSerial();
    const failed = serial.run(['p0'], () => Promise.reject(new Error('restore failed')));
    const next = serial.run(['p0'], () => Promise.resolve('closed'));
    await expect(failed).rejects.toThrow('restore failed');
    await expect(next).resolves.toBe('closed');
    await serial.idle();
  });

  it('is idle only when all queued work settled', async () => {
    const serial = new KeyedSerial();
    const g = gate();
    let done = false;
    void serial.run(['a'], () => g.promise.then(() => void (done = true)));
    const idle = serial.idle();
    g.open();
    await idle;
    expect(done).toBe(true);
  });
});
