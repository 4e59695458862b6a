// Registers the schema of every Avro topic of a deployment: subject `<topic>-value`
// (TopicNameStrategy, so a topic prefix gives its own subjects), FULL_TRANSITIVE, every
// version of the topic's schema directory in order. Safe to repeat: a registered version
// answers its existing id.
import type { TopicId, TopicSpec } from '../kafka/topics.js';
import { loadVersions, schemasDir, type SchemaVersion } from './catalog.js';
import { registerVersions, subjectFor, type RegistryClient } from './registry.js';

export interface RegisteredSubject {
  topicId: TopicId;
  topic: string;
  subject: string;
  /** v1..vN as in schemas/<dir>/. */
  versions: SchemaVersion[];
  /** Registry id of each version, in the same order; the last is the latest writer's. */
  ids: number[];
}

export async function registerTopicSchemas(
  registry: RegistryClient,
  specs: readonly TopicSpec[],
  dir: string = schemasDir(),
): Promise<RegisteredSubject[]> {
  const out: RegisteredSubject[] = [];
  for (const spec of specs) {
    if (spec.schemaDir === null) continue;
    const subject = subjectFor(spec.name);
    const versions = loadVersions(spec.schemaDir, dir);
    const ids = await registerVersions(registry, subject, versions);
    out.push({ topicId: spec.id, topic: spec.name, subject, versions, ids });
  }
  return out;
}
