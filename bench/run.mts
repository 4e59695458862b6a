// `npm run bench`: the end-to-end benchmark of issue 11 with its peers in the same run.
//   cpu         the CPU path alone, in this process (decode, split, resolve, Avro-encode)
//   throughput  end-to-end events/s with 1, 2, 3 processes, ours and each peer, same backlog
//   latency     raw append → data-stream visible at 25/50/80% of each system's measured maximum
//   recovery    SIGKILL of a worker → every partition it owned committing again, over N kills
//   restore     contact-book restore time and RSS for 1M and 10M contacts of one portfolio
// Prints one table, writes bench/results/<date>-<commit>.json (…-quick.json for --quick).
//   npm run bench -- --quick            (a smoke run of every phase, about two minutes)
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { isOptionError, parseOptions, USAGE, type BenchOptions } from './lib/options.ts';

if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error(isOptionError(err) ? `${err.message}\n${USAGE}` : err);
  process.exit(2);
}

process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

// The stack and the build are loaded only once the options are known to be good.
const { ROOT } = await import('./lib/stack.mts');
const { generateMix } = await import('./lib/mix.ts');
const { runPhases } = await import('./lib/phases.mts');
const { printReport } = await import('./lib/report.mts');
const { KSTREAMS_DIR, partitionOf } = await import('./lib/systems.mts');

const wantsJava =
  (options.phases.includes('throughput') && options.systems.includes('kstreams')) ||
  (options.phases.includes('latency') && options.latencySystems.includes('kstreams'));
if (wantsJava) {
  console.log('building the Kafka Streams peer (mvn -q package)…');
  execFileSync('mvn', ['-q', '-B', 'package'], { cwd: KSTREAMS_DIR, stdio: 'inherit' });
}

const mix = generateMix({
  seed: 11,
  deliveries: options.deliveries,
  users: options.users,
  numbers: options.numbers,
  portfolios: options.portfolios,
  partitions: options.partitions,
  partitionOf,
});
console.log(
  `mix: ${mix.lines.length} deliveries, ${mix.events} events, ${options.users} users, ` +
    `${options.numbers} business numbers, ${options.portfolios} portfolios, ${options.partitions} partitions`,
);
const loadBefore = loadavg();
const results = await runPhases(options, mix);
const ratios = printReport(results);

const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const name = `${new Date().toISOString().slice(0, 10)}-${commit}${options.quick ? '-quick' : ''}.json`;
writeFileSync(
  join(dir, name),
  JSON.stringify(
    {
      commit,
      at: new Date().toISOString(),
      // What else the machine ran: the 1/5/15-minute load averages before and after.
      machine: { cores: cpus().length, node: process.version, loadBefore, loadAfter: loadavg() },
      options,
      ...results,
      ratios,
    },
    null,
    2,
  ) + '\n',
);
console.log(`written bench/results/${name}`);
process.exit(0);
