// Process-level glue: run a service until SIGTERM/SIGINT, then stop it gracefully, and turn
// the outcome into an exit code a supervisor understands. 0: stopped cleanly. 1: the service
// failed (a fatal error, a consumer crash kafkajs does not restart) or its graceful stop hit
// the force timeout (WAI_SHUTDOWN_TIMEOUT). A second signal during the stop gives up at once.
import { toWaiError } from '../../domain/errors.js';
import type { Logger } from '../logging/logger.js';

export interface Stoppable {
  /** Graceful stop; rejects with WAI_SHUTDOWN_TIMEOUT when it cannot finish in time. */
  stop(): Promise<void>;
  /** Resolves when the service stopped, rejects when it failed. */
  readonly done: Promise<void>;
}

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface RunUntilSignalOptions {
  logger: Logger;
  signals?: readonly NodeJS.Signals[];
  /** Where signals come from; the process by default. */
  source?: SignalSource;
}

export async function runUntilSignal(
  service: Stoppable,
  options: RunUntilSignalOptions,
): Promise<number> {
  const { logger } = options;
  const source = options.source ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let forced: (() => void) | undefined;
  const forcedExit = new Promise<number>((resolve) => (forced = () => resolve(1)));
  let stopping: Promise<void> | undefined;

  const onSignal = (signal: NodeJS.Signals) => () => {
    if (stopping !== undefined) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      forced?.();
      return;
    }
    logger.info({ signal }, 'signal received: stopping gracefully');
    stopping = service.stop();
    // The outcome is read through `done`; a rejected stop must not go unhandled.
    stopping.catch(() => undefined);
  };
  const handlers = new Map(signals.map((s) => [s, onSignal(s)] as const));
  for (const [s, h] of handlers) source.on(s, h);

  const outcome = service.done.then(
    () => 0,
    (err: unknown) => {
      logger.error({ err: toWaiError(err) }, 'stopped with an error');
      return 1;
    },
  );
  try {
    return await Promise.race([outcome, forcedExit]);
  } finally {
    for (const [s, h] of handlers) source.removeListener(s, h);
  }
}
