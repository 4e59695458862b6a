// Reads one series back from a registry, for assertions: the value whose labels include
// `labels` (and, for a histogram, whose series name is `series`, e.g. `…_count`).
import type { Registry } from 'prom-client';

export async function metricValue(
  registry: Registry,
  name: string,
  labels: Readonly<Record<string, string>>,
  series = name,
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? name) === series &&
      Object.entries(labels).every(([k, x]) => v.labels[k] === x),
  );
  return found?.value;
}

/** Every label set of a metric, for checking what can and cannot appear. */
export async function labelSets(
  registry: Registry,
  name: string,
): Promise<Record<string, string | number>[]> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.map(
    (v) => ({ ...v.labels }) as Record<string, string | number>,
  );
}
