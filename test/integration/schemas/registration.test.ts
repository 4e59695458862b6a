// Schema registration against the real registry (Apicurio's Confluent-compatible API): every
// subject of a deployment registered twice gives the same ids, each subject's own level is
// FULL_TRANSITIVE (read back), every version is there in order, and the registry itself
// refuses an incompatible schema, while the identity-events evolution path (a new kind as
// one more nullable field) is accepted and a new union branch is not.
import { describe, expect, it } from '@jest/globals';
import type { WaiError } from '../../../processors/domain/errors.js';
import { loadVersions, type SchemaVersion } from '../../../processors/adapters/avro/catalog.js';
import { registerTopicSchemas } from '../../../processors/adapters/avro/register-topics.js';
import {
  createRegistryClient,
  getCompatibility,
  registerVersions,
} from '../../../processors/adapters/avro/registry.js';
import { createTopicCodecs } from '../../../processors/adapters/avro/topic-codecs.js';
import { topicSpecs } from '../../../processors/adapters/kafka/topics.js';
import { randomName, useKafka } from '../../helpers/kafka.js';
import { useDeployments } from '../provision/deployment.js';

const kit = useKafka();
const deployment = useDeployments(kit);
const registry = createRegistryClient(kit.endpoints.registryUrl);

async function rejection(p: Promise<unknown>): Promise<WaiError> {
  try {
    await p;
  } catch (err) {
    return err as WaiError;
  }
  throw new Error('expected the registry to refuse');
}

/** A next version of `base` (same subject history), built from its definition. */
function nextVersion(base: SchemaVersion, fields: (f: unknown[]) => unknown[]): SchemaVersion {
  const definition = { ...base.definition, fields: fields(base.definition['fields'] as unknown[]) };
  return { ...base, version: base.version + 1, definition };
}

describe('registering every subject of a deployment', () => {
  it('is idempotent, sets FULL_TRANSITIVE on each subject and keeps every version in order', async () => {
    const { config } = deployment('schemas-reg');
    const specs = topicSpecs(config.topicPrefix);
    const first = await registerTopicSchemas(registry, specs);
    const second = await registerTopicSchemas(registry, specs);
    expect(second.map((s) => [s.subject, s.ids])).toEqual(first.map((s) => [s.subject, s.ids]));
    // The codecs register again on start-up and write the latest version's id.
    const codecs = await createTopicCodecs(registry, config);
    expect(codecs.dataStream.schemaId).toBe(
      first.find((s) => s.topicId === 'dataStream')?.ids.at(-1),
    );

    expect(first.map((s) => s.topicId).sort()).toEqual(
      ['contactBook', 'dataStream', 'exportLog', 'outboundResults'].sort(),
    );
    // Apicurio answers a subject without its own level with the global one: make sure the
    // global one is not what we expect, or reading it back would prove nothing.
    const global = (await (await fetch(`${registry.url}/config`)).json()) as Record<string, string>;
    expect(global['compatibilityLevel']).not.toBe('FULL_TRANSITIVE');
    for (const s of first) {
      expect({ subject: s.subject, level: await getCompatibility(registry, s.subject) }).toEqual({
        subject: s.subject,
        level: 'FULL_TRANSITIVE',
      });
      const res = await fetch(`${registry.url}/subjects/${encodeURIComponent(s.subject)}/versions`);
      expect(await res.json()).toEqual(s.versions.map((v) => v.version));
      for (const v of s.versions) {
        const url = `${registry.url}/subjects/${encodeURIComponent(s.subject)}/versions/${v.version}`;
        const stored = (await (await fetch(url)).json()) as { schema: string; id: number };
        expect(JSON.parse(stored.schema)).toEqual(v.definition);
        expect(stored.id).toBe(s.ids[v.version - 1]);
      }
    }
  });

  it('lets the registry refuse an incompatible version, as a non-retriable WAI_SCHEMA', async () => {
    const subject = `${randomName('schemas-incompatible')}-value`;
    kit.trackSubject(subject);
    const [v1] = loadVersions('whatsapp.contact-book-value');
    if (v1 === undefined) throw new Error('contact-book has no v1');
    // A new field without a default: v1 data cannot be read by it.
    const v2 = nextVersion(v1, (f) => [...f, { name: 'tenant', type: 'string' }]);
    const err = await rejection(registerVersions(registry, subject, [v1, v2]));
    expect(err).toMatchObject({ code: 'WAI_SCHEMA', retriable: false });
    expect(err.message).toContain(`${subject} v2`);
    expect(err.message).toMatch(/[Ii]ncompatible/);
    const res = await fetch(`${registry.url}/subjects/${encodeURIComponent(subject)}/versions`);
    expect(await res.json()).toEqual([1]);
  });

  it('accepts a new contact-book kind as a nullable field, refuses it as a union branch', async () => {
    const [v1] = loadVersions('whatsapp.contact-book-value');
    if (v1 === undefined) throw new Error('contact-book has no v1');
    const kind = { type: 'record', name: 'Tombstone', fields: [{ name: 'at', type: 'long' }] };
    const asField = nextVersion(v1, (f) => [
      ...f,
      { name: 'tombstone', type: ['null', kind], default: null },
    ]);
    const asBranch = nextVersion(v1, (fields) =>
      fields.map((f) => {
        const field = f as { name: string; type: unknown[] };
        return field.name === 'settings' ? { ...field, type: [...field.type, kind] } : field;
      }),
    );
    const subject = (name: string) => {
      const s = `${randomName(name)}-value`;
      kit.trackSubject(s);
      return s;
    };
    const ids = await registerVersions(registry, subject('schemas-evolve-field'), [v1, asField]);
    expect(ids).toHaveLength(2);
    const err = await rejection(
      registerVersions(registry, subject('schemas-evolve-branch'), [v1, asBranch]),
    );
    expect(err.message).toMatch(/[Ii]ncompatible/);
  });
});
