// Every topic that carries Avro has a schema directory with v1..vN, a record mapper, and a
// subject named by TopicNameStrategy under any prefix; the raw, request and DLQ topics do not.
import { describe, expect, it } from '@jest/globals';
import { topicSpecs } from '../../../../processors/adapters/kafka/topics.js';
import { recordMappers } from '../../../../processors/adapters/avro/records/index.js';
import { listSubjects, loadVersions } from '../../../../processors/adapters/avro/catalog.js';
import { subjectFor } from '../../../../processors/adapters/avro/registry.js';

describe('topic schema catalog', () => {
  const avroTopics = topicSpecs('whatsapp.').filter((s) => s.schemaDir !== null);

  it('maps every Avro topic, and only those, to a record mapper', () => {
    expect(avroTopics.map((s) => s.id).sort()).toEqual(Object.keys(recordMappers).sort());
  });

  it('has a schema directory for every Avro topic and no orphan directory', () => {
    expect(avroTopics.map((s) => s.schemaDir).sort()).toEqual(listSubjects());
    for (const spec of avroTopics)
      expect(loadVersions(spec.schemaDir ?? '').length).toBeGreaterThan(0);
  });

  it('names the default subjects after the schema directories', () => {
    for (const spec of avroTopics) expect(subjectFor(spec.name)).toBe(spec.schemaDir);
  });

  it('gives a prefixed deployment its own subjects', () => {
    const subjects = topicSpecs('test-7.')
      .filter((s) => s.schemaDir !== null)
      .map((s) => subjectFor(s.name));
    expect(subjects).toContain('test-7.contact-book-value');
    expect(subjects).toContain('test-7.data-stream-value');
  });
});
