// The phases of `npm run bench` in order, on one stack: the one KAFKA_BROKERS and
// SCHEMA_REGISTRY_URL name, else an embedded local stack started once for the whole run.
// Every phase deploys its own topics (a prefix per run) and deletes them afterwards.
import type { BenchOptions } from './options.ts';
import type { Mix } from './mix.ts';
import { built } from './stack.mts';
import { measureCpuPath, type CpuPathResult } from './cpu-path.mts';
import { measureThroughput, type ThroughputResult } from './throughput.mts';
import { measureLatency, type LatencyResult } from './latency.mts';
import { measureKills, type KillsResult } from './kills.mts';
import { measureRestore, type RestoreResult } from './restore.mts';
import type { SystemName } from './systems.mts';
import type * as LocalStackModule from '../../processors/adapters/local-stack/index.js';
import type * as RegistryModule from '../../processors/adapters/avro/registry.js';
import type * as CodecsModule from '../../processors/adapters/avro/topic-codecs.js';

const { startLocalStack } = await built<typeof LocalStackModule>('adapters/local-stack/index.js');
const { createRegistryClient } = await built<typeof RegistryModule>('adapters/avro/registry.js');
const { createTopicCodecs } = await built<typeof CodecsModule>('adapters/avro/topic-codecs.js');

export interface BenchResults {
  cpuPath: CpuPathResult;
  throughput: ThroughputResult[];
  latency: LatencyResult[];
  recovery: KillsResult | null;
  restore: RestoreResult[];
}

export async function runPhases(o: BenchOptions, mix: Mix): Promise<BenchResults> {
  const external = Boolean(process.env['KAFKA_BROKERS'] && process.env['SCHEMA_REGISTRY_URL']);
  const stack = external ? null : await startLocalStack({ fastStartup: false });
  if (stack !== null) {
    process.env['KAFKA_BROKERS'] = stack.brokers.join(',');
    process.env['SCHEMA_REGISTRY_URL'] = stack.registryUrl;
  }
  const say = (s: string) => console.log(s);
  try {
    // Always measured: the distinct events our worker makes of the mix are what its
    // end-to-end runs wait for.
    const codecs = await createTopicCodecs(
      createRegistryClient(process.env['SCHEMA_REGISTRY_URL'] ?? ''),
      { topicPrefix: `bench-cpu-${Date.now().toString(36)}.` },
    );
    const cpuPath = measureCpuPath(mix.lines, mix.portfolioMap, codecs);
    say(`cpu path: ${cpuPath.eventsPerSecondPerCore} events/s/core`);

    const expected = (s: SystemName) => (s === 'ours' ? cpuPath.dataStreamEvents : mix.events);
    const throughput: ThroughputResult[] = [];
    const measure = async (system: SystemName, w: number): Promise<ThroughputResult> => {
      const r = await measureThroughput({
        system,
        workers: w,
        mix,
        expected: expected(system),
        partitions: o.partitions,
        timeoutMs: o.timeoutSeconds * 1000,
        runSeconds: o.runSeconds,
      });
      const how = `${r.events} events in ${r.seconds} s${r.complete ? '' : ', capped'}`;
      say(
        `throughput ${system} ×${w}: ${r.eventsPerSecond} events/s (${how}, ${r.duplicates} duplicates)`,
      );
      throughput.push(r);
      return r;
    };
    if (o.phases.includes('throughput'))
      for (const system of o.systems) for (const w of o.workers) await measure(system, w);

    const latency: LatencyResult[] = [];
    if (o.phases.includes('latency'))
      for (const system of o.latencySystems) {
        // Each system's own 1-process maximum, measured now when the throughput phase did not.
        const max =
          throughput.find((t) => t.system === system && t.workers === 1) ??
          (await measure(system, 1));
        const r = await measureLatency({
          system,
          maxEventsPerSecond: max.eventsPerSecond,
          options: o,
        });
        for (const p of r.points)
          say(
            `latency ${system} at ${p.percentOfMax}%: p50 ${p.p50} ms, p99 ${p.p99} ms, p99.9 ${p.p999} ms`,
          );
        latency.push(r);
      }

    const recovery = o.phases.includes('recovery') ? await measureKills(o) : null;
    if (recovery !== null)
      say(
        `recovery: median ${recovery.medianMs} ms, max ${recovery.maxMs} ms over ${recovery.kills.length} kills`,
      );

    const restore: RestoreResult[] = [];
    if (o.phases.includes('restore'))
      for (const contacts of o.contacts) {
        const r = await measureRestore(contacts);
        say(
          `restore ${contacts} contacts: written in ${r.produceSeconds} s, restored in ${r.restoreMs} ms, RSS ${r.rssMiB} MiB`,
        );
        restore.push(r);
      }
    return { cpuPath, throughput, latency, recovery, restore };
  } finally {
    await stack?.stop();
  }
}
