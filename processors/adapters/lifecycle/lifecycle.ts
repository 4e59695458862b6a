// The stage lifecycle as an explicit state machine. Every transition goes through `to`, and an
// illegal one is a bug (WAI_INTERNAL), so the states below are the whole story:
//
//   CREATED ──start──▶ STARTING ──joined──▶ RESTORING ⇄ RUNNING
//                         │                     │          │
//                         └─────────────────────┴──────────┴──stop / fatal──▶ STOPPING
//   STOPPING ──drained, committed, closed──▶ STOPPED
//   STARTING | RESTORING | RUNNING | STOPPING ──fatal error or force timeout──▶ FAILED
//
// RESTORING: some assigned partition is still being opened (producer fenced in, state
// restored, committed offset read); the others keep running. RUNNING: every assigned
// partition is processing. STOPPED and FAILED are final; `done` resolves on STOPPED and
// rejects with the cause on FAILED, which the process turns into a non-zero exit.
import { toWaiError, WaiError } from '../../domain/errors.js';

export type LifecycleState =
  'CREATED' | 'STARTING' | 'RESTORING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'FAILED';

const NEXT: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  CREATED: ['STARTING', 'STOPPING'],
  STARTING: ['RESTORING', 'RUNNING', 'STOPPING', 'FAILED'],
  RESTORING: ['RUNNING', 'STOPPING', 'FAILED'],
  RUNNING: ['RESTORING', 'STOPPING', 'FAILED'],
  STOPPING: ['STOPPED', 'FAILED'],
  STOPPED: [],
  FAILED: [],
};

export type StateListener = (state: LifecycleState, previous: LifecycleState) => void;

export class Lifecycle {
  private current: LifecycleState = 'CREATED';
  private failure: WaiError | undefined;
  private readonly listeners: StateListener[] = [];
  private settle!: { resolve: () => void; reject: (e: WaiError) => void };
  /** Resolves on STOPPED, rejects with the cause on FAILED. */
  readonly done: Promise<void>;

  constructor(private readonly name: string) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // Observed through `done` by whoever runs the stage; never an unhandled rejection.
    this.done.catch(() => undefined);
  }

  get state(): LifecycleState {
    return this.current;
  }

  get error(): WaiError | undefined {
    return this.failure;
  }

  get final(): boolean {
    return this.current === 'STOPPED' || this.current === 'FAILED';
  }

  can(next: LifecycleState): boolean {
    return NEXT[this.current].includes(next);
  }

  to(next: LifecycleState): void {
    if (next === 'FAILED') throw new WaiError('WAI_INTERNAL', 'use fail() to enter FAILED');
    if (next === this.current) return;
    if (!this.can(next))
      throw new WaiError(
        'WAI_INTERNAL',
        `${this.name}: illegal transition ${this.current} → ${next}`,
      );
    this.enter(next);
    if (next === 'STOPPED') this.settle.resolve();
  }

  /** Enters FAILED with its cause; the first cause wins. Ignored once final. */
  fail(cause: unknown): void {
    if (this.final) return;
    this.failure = toWaiError(cause);
    this.enter('FAILED');
    this.settle.reject(this.failure);
  }

  onChange(listener: StateListener): void {
    this.listeners.push(listener);
  }

  private enter(next: LifecycleState): void {
    const previous = this.current;
    this.current = next;
    for (const l of this.listeners) l(next, previous);
  }
}
