// The registry side of `wa-identity schemas`: what a deployment's subjects hold (list), and
// whether the local schema files may be registered there (check). The check asks the registry
// itself (Confluent API `POST /compatibility/subjects/<s>/versions/<n>`, under the subject's
// own level) for every local version against every registered one, as FULL_TRANSITIVE needs;
// when it refuses, avsc's schema resolution in both directions says why, since Apicurio
// answers `is_compatible: false` without messages.
import avro from 'avsc';
import { WaiError } from '../../domain/errors.js';
import type { TopicSpec } from '../kafka/topics.js';
import { loadVersions, schemasDir, type SchemaVersion } from './catalog.js';
import { getCompatibility, subjectFor, type RegistryClient } from './registry.js';

export interface RegisteredVersion {
  version: number;
  id: number;
  schema: string;
}

export interface SubjectListing {
  subject: string;
  compatibility: string | null;
  versions: RegisteredVersion[];
}

export interface SubjectCheck {
  subject: string;
  /** schemas/<dir> the local versions come from. */
  schemaDir: string;
  compatibility: string | null;
  localVersions: number;
  registeredVersions: number;
  /** Local versions the registry does not hold yet (they register on the next provision). */
  newVersions: number[];
  problems: string[];
}

function call(
  registry: RegistryClient,
  path: string,
  init: { method?: string; body?: string } = {},
): Promise<Response> {
  return registry.request(path, init);
}

async function json(
  registry: RegistryClient,
  path: string,
  init?: { method?: string; body?: string },
): Promise<unknown> {
  const res = await call(registry, path, init);
  if (!res.ok) {
    throw new WaiError(
      'WAI_SCHEMA',
      `schema registry: ${path}: HTTP ${res.status} ${await res.text()}`,
      {
        retriable: res.status >= 500,
      },
    );
  }
  return res.json();
}

const subjectPath = (subject: string): string => `/subjects/${encodeURIComponent(subject)}`;

/** The registered versions of a subject, oldest first; [] when the subject does not exist. */
export async function registeredVersions(
  registry: RegistryClient,
  subject: string,
): Promise<RegisteredVersion[]> {
  const res = await call(registry, `${subjectPath(subject)}/versions`);
  if (res.status === 404) return [];
  if (!res.ok) {
    throw new WaiError(
      'WAI_SCHEMA',
      `schema registry: versions of ${subject}: HTTP ${res.status}`,
      {
        retriable: res.status >= 500,
      },
    );
  }
  const numbers = ((await res.json()) as number[]).slice().sort((a, b) => a - b);
  const out: RegisteredVersion[] = [];
  for (const version of numbers) {
    const body = (await json(registry, `${subjectPath(subject)}/versions/${version}`)) as {
      id: number;
      schema: string;
    };
    out.push({ version, id: body.id, schema: body.schema });
  }
  return out;
}

/** Subjects whose name starts with `prefix` (every subject for ''), with versions and level. */
export async function listSubjects(
  registry: RegistryClient,
  prefix: string,
): Promise<SubjectListing[]> {
  const names = ((await json(registry, '/subjects')) as string[])
    .filter((s) => s.startsWith(prefix))
    .sort();
  const out: SubjectListing[] = [];
  for (const subject of names) {
    out.push({
      subject,
      compatibility: await getCompatibility(registry, subject),
      versions: await registeredVersions(registry, subject),
    });
  }
  return out;
}

/** Why `reader` cannot read `writer` (avsc's resolution), or null when it can. */
function resolutionProblem(reader: avro.Type, writer: avro.Type): string | null {
  try {
    reader.createResolver(writer);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function explain(local: SchemaVersion, registered: RegisteredVersion): string {
  const other = avro.Type.forSchema(JSON.parse(registered.schema) as avro.Schema);
  const reasons = [
    resolutionProblem(local.type, other),
    resolutionProblem(other, local.type),
  ].filter((r): r is string => r !== null);
  return reasons.length === 0 ? 'the registry gave no reason' : reasons.join('; ');
}

async function compatible(
  registry: RegistryClient,
  subject: string,
  local: SchemaVersion,
  against: RegisteredVersion,
): Promise<boolean> {
  const body = (await json(
    registry,
    `/compatibility${subjectPath(subject)}/versions/${against.version}`,
    { method: 'POST', body: JSON.stringify({ schema: JSON.stringify(local.definition) }) },
  )) as { is_compatible?: unknown };
  return body.is_compatible === true;
}

async function checkSubject(
  registry: RegistryClient,
  spec: TopicSpec & { schemaDir: string },
  dir: string,
): Promise<SubjectCheck> {
  const subject = subjectFor(spec.name);
  const local = loadVersions(spec.schemaDir, dir);
  const registered = await registeredVersions(registry, subject);
  const problems: string[] = [];
  for (const v of local) {
    for (const r of registered) {
      if (!(await compatible(registry, subject, v, r))) {
        problems.push(
          `schemas/${spec.schemaDir}/v${v.version}.avsc is incompatible with registered version ${r.version} (id ${r.id}): ${explain(v, r)}`,
        );
      }
    }
  }
  if (registered.length > local.length) {
    problems.push(
      `the registry holds ${registered.length} versions, the local files ${local.length}: a released version is missing locally`,
    );
  }
  return {
    subject,
    schemaDir: spec.schemaDir,
    compatibility: registered.length === 0 ? null : await getCompatibility(registry, subject),
    localVersions: local.length,
    registeredVersions: registered.length,
    newVersions: local.slice(registered.length).map((v) => v.version),
    problems,
  };
}

/** Every Avro topic of the deployment: its local versions against its registered subject. */
export async function checkTopicSchemas(
  registry: RegistryClient,
  specs: readonly TopicSpec[],
  dir: string = schemasDir(),
): Promise<SubjectCheck[]> {
  const out: SubjectCheck[] = [];
  for (const spec of specs) {
    const { schemaDir } = spec;
    if (schemaDir === null) continue;
    out.push(await checkSubject(registry, { ...spec, schemaDir }, dir));
  }
  return out;
}
