// Progress of a long command on stderr: a bar (cli-progress) when stderr is a terminal, plain
// lines at most once a second otherwise (logs, CI, cron mail), and always a final line.
import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from './command.js';

export interface Progress {
  /** Records read of `total` (an estimate from offsets), rows kept. */
  update(read: number, rows: number): void;
  /** Ends the bar (if any) and prints `summary`. */
  done(summary: string): void;
}

const PLAIN_EVERY_MS = 1000;

function isTerminal(io: CliIo): boolean {
  return (io.stderr as { isTTY?: boolean }).isTTY === true;
}

export function startProgress(io: CliIo, label: string, total: number): Progress {
  if (isTerminal(io)) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} records | {rows} rows`,
        stream: io.stderr,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { rows: 0 });
    return {
      update: (read, rows) => bar.update(Math.min(read, Math.max(total, 1)), { rows }),
      done(summary) {
        bar.stop();
        io.stderr.write(`${summary}\n`);
      },
    };
  }
  let last = io.now();
  return {
    update(read, rows) {
      if (io.now() - last < PLAIN_EVERY_MS) return;
      last = io.now();
      io.stderr.write(`${label}: ${read}/${total} records read, ${rows} rows\n`);
    },
    done: (summary) => io.stderr.write(`${summary}\n`),
  };
}
