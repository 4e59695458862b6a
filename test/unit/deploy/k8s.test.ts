// No cluster runs in CI, so the Kubernetes manifests are checked for structure and for
// agreement with the code: every resource the kustomization lists exists and is well formed,
// probes hit endpoints the worker serves on the port it is configured with, every variable
// set is one the configuration reads, and the autoscaler never exceeds the partitions.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../../processors/applications/config.js';
import { parseExportArgs } from '../../../processors/applications/cli/commands/export.js';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = join(root, 'deploy', 'k8s');

type Doc = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
};

function docs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJSON() as Doc;
  });
}

/** A value at a dotted path, failing the test with the path when it is missing. */
function at(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') throw new Error(`no ${path}`);
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined) throw new Error(`no ${path}`);
  return value;
}

const all = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => docs(f).map((doc) => ({ file: f, doc })));
const byKind = (kind: string): Doc => {
  const found = all.find(({ doc }) => doc.kind === kind);
  if (!found) throw new Error(`no ${kind} in deploy/k8s`);
  return found.doc;
};
const configData = at(byKind('ConfigMap'), 'data') as Record<string, string>;

interface Container {
  args?: string[];
  env?: {
    name: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }[];
  envFrom?: { configMapRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  startupProbe?: { httpGet: { path: string; port: string } };
}
const podSpecPath = (doc: Doc): string =>
  doc.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
const containersOf = (doc: Doc): Container[] =>
  at(doc, `${podSpecPath(doc)}.containers`) as Container[];

describe('deploy/k8s', () => {
  it('lists every manifest but the secret example in the kustomization, each well formed', () => {
    const [kustomization] = docs('kustomization.yaml');
    const listed = at(kustomization, 'resources') as string[];
    for (const file of listed) expect(existsSync(join(dir, file))).toBe(true);
    expect(new Set(listed)).toEqual(
      new Set(all.map(({ file }) => file).filter((f) => f !== 'secret.example.yaml')),
    );
    for (const { doc } of all) {
      expect(doc.apiVersion).toMatch(/^[a-z0-9./]+$/);
      expect(doc.metadata?.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('holds a configuration the worker accepts, with only variables it reads', () => {
    const secretKeys = Object.keys(at(byKind('Secret'), 'stringData') as object);
    const env = {
      ...configData,
      ...Object.fromEntries(secretKeys.map((k) => [k, 'x'.repeat(32)])),
    };
    expect(() => loadConfig(env)).not.toThrow();
    // Read by the configuration, the lookup API's or the ingress's.
    const configSource = [
      'processors/applications/config.ts',
      'processors/applications/lookup-config.ts',
      'processors/applications/ingress/ingress-config.ts',
    ]
      .map((f) => readFileSync(join(root, f), 'utf8'))
      .join('\n');
    for (const name of [...Object.keys(configData), 'WAI_INSTANCE_ID', ...secretKeys])
      expect(configSource).toContain(name);
  });

  it('probes the worker on its metrics port: liveness /healthz, readiness /ready', () => {
    const [worker] = containersOf(byKind('StatefulSet'));
    const port = worker?.ports?.find((p) => p.name === 'metrics')?.containerPort;
    expect(String(port)).toBe(configData['WAI_METRICS_PORT']);
    expect(worker?.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(worker?.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(worker?.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'metrics' });
    const server = readFileSync(join(root, 'processors/adapters/metrics/server.ts'), 'utf8');
    for (const path of ['/healthz', '/ready']) expect(server).toContain(`'${path}'`);
  });

  it('gives each worker a stable instance id and outlasts its graceful shutdown', () => {
    const set = byKind('StatefulSet');
    const [worker] = containersOf(set);
    expect(worker?.env?.find((e) => e.name === 'WAI_INSTANCE_ID')).toEqual({
      name: 'WAI_INSTANCE_ID',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    const grace = at(set, 'spec.template.spec.terminationGracePeriodSeconds') as number;
    expect(grace * 1000).toBeGreaterThan(Number(configData['WAI_SHUTDOWN_TIMEOUT_MS']));
  });

  it('runs commands that exist, with the config map and the secret they reference', () => {
    const secretName = byKind('Secret').metadata?.name;
    const configName = byKind('ConfigMap').metadata?.name;
    for (const kind of ['StatefulSet', 'Job', 'CronJob']) {
      for (const c of containersOf(byKind(kind))) {
        const [command] = c.args ?? [];
        const file = join(root, 'processors/applications/cli/commands', `${command ?? ''}.ts`);
        expect(existsSync(file)).toBe(true);
        expect(c.envFrom).toEqual([{ configMapRef: { name: configName } }]);
        const secretRef = c.env?.find((e) => e.name === 'WAI_KEY_SECRET')?.valueFrom?.secretKeyRef;
        expect(secretRef).toEqual({ name: secretName, key: 'WAI_KEY_SECRET' });
        // Connection passwords from the same secret, optional (plaintext clusters need none).
        for (const key of ['WAI_KAFKA_SASL_PASSWORD', 'SCHEMA_REGISTRY_PASSWORD']) {
          const ref = c.env?.find((e) => e.name === key)?.valueFrom?.secretKeyRef;
          expect([kind, ref]).toEqual([kind, { name: secretName, key, optional: true }]);
        }
      }
    }
  });

  it('scales the workers within the partition count, one disruption at a time', () => {
    const set = byKind('StatefulSet');
    const podLabels = at(set, 'spec.template.metadata.labels');
    expect(at(set, 'spec.selector.matchLabels')).toEqual(podLabels);
    const hpa = byKind('HorizontalPodAutoscaler');
    expect(at(hpa, 'spec.scaleTargetRef')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: set.metadata?.name,
    });
    expect(at(hpa, 'spec.maxReplicas')).toBeLessThanOrEqual(Number(configData['WAI_PARTITIONS']));
    expect(at(set, 'spec.replicas')).toBeLessThanOrEqual(Number(configData['WAI_PARTITIONS']));
    const pdb = byKind('PodDisruptionBudget');
    expect(at(pdb, 'spec.selector.matchLabels')).toEqual(podLabels);
    expect(at(pdb, 'spec.maxUnavailable')).toBe(1);
    expect(at(byKind('Service'), 'spec.selector')).toEqual(podLabels);
  });

  it('runs the webhook ingress on its port, probed on /healthz and /ready, with Meta secrets', () => {
    const ingress = byKind('Deployment');
    const [c] = containersOf(ingress);
    expect(c?.args).toEqual(['ingress']);
    const port = c?.ports?.find((p) => p.name === 'http')?.containerPort;
    const env = (name: string) => c?.env?.find((e) => e.name === name);
    expect(String(port)).toBe((env('WAI_INGRESS_PORT') as { value?: string } | undefined)?.value);
    expect(c?.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c?.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
    const server = readFileSync(
      join(root, 'processors/applications/ingress/ingress-server.ts'),
      'utf8',
    );
    for (const path of ['/healthz', '/ready']) expect(server).toContain(`'${path}'`);
    const secretName = byKind('Secret').metadata?.name;
    for (const key of ['WAI_META_APP_SECRETS', 'WAI_META_VERIFY_TOKEN']) {
      expect(env(key)?.valueFrom?.secretKeyRef).toEqual({ name: secretName, key });
    }
  });

  it('serves lookups on every worker: tokens from the secret, each pod advertising its DNS name', () => {
    const [worker] = containersOf(byKind('StatefulSet'));
    const tokens = worker?.env?.find((e) => e.name === 'WAI_LOOKUP_TOKENS');
    expect(tokens?.valueFrom?.secretKeyRef).toEqual({
      name: byKind('Secret').metadata?.name,
      key: 'WAI_LOOKUP_TOKENS',
      optional: true,
    });
    const advertised = worker?.env?.find((e) => e.name === 'WAI_ADVERTISED_URL') as
      { value?: string } | undefined;
    const headless = byKind('Service').metadata?.name ?? '';
    expect(advertised?.value).toBe(
      `http://$(WAI_INSTANCE_ID).${headless}:${configData['WAI_METRICS_PORT']}`,
    );
  });

  it('exports hourly windows to a claimed volume, one run at a time, with flags export reads', () => {
    const cron = byKind('CronJob');
    expect(at(cron, 'spec.concurrencyPolicy')).toBe('Forbid');
    const [exporter] = containersOf(cron);
    const args = exporter?.args ?? [];
    expect(args[0]).toBe('export');
    const flag = (name: string): string | undefined => args[args.indexOf(name) + 1];
    expect(args).toContain('--once');
    expect(flag('--every')).toBe('1h');
    expect(['csv', 'jsonl', 'parquet']).toContain(flag('--format'));
    expect(Number.isNaN(Date.parse(flag('--from') ?? ''))).toBe(false);
    // The export command's own parser accepts them (it throws on an unknown or bad flag).
    expect(parseExportArgs(args.slice(1))).toMatchObject({ once: true, every: 3_600_000 });
    const mounts = (exporter as { volumeMounts?: { name: string; mountPath: string }[] })
      .volumeMounts;
    const out = flag('--out') ?? '';
    const mount = mounts?.find((m) => out.startsWith(`${m.mountPath}/`));
    expect(mount).toBeDefined();
    const volumes = at(cron, `${podSpecPath(cron)}.volumes`) as {
      name: string;
      persistentVolumeClaim?: { claimName: string };
    }[];
    const claim = volumes.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
    expect(claim).toBe(byKind('PersistentVolumeClaim').metadata?.name);
  });
});
