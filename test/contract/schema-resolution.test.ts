// Every version of every subject reads every other version's writes through Avro schema
// resolution (FULL_TRANSITIVE in spirit): old readers keep working on new writers, and new
// readers on old data (analytics replays history).
import { describe, expect, it } from '@jest/globals';
import type avro from 'avsc';
import { listSubjects, loadVersions } from '../../processors/adapters/avro/catalog.js';
import { present } from '../helpers/present.js';
import { asRecord } from '../helpers/avro-record.js';
import { projectOnReader, toJson } from '../helpers/avro-project.js';

const subjects = listSubjects();

function fieldNames(type: avro.Type): string[] {
  return asRecord(type).fields.map((f) => f.name);
}

describe.each(subjects)('subject %s', (subject) => {
  const versions = loadVersions(subject);

  it('keeps one record name across versions, so readers resolve writers', () => {
    const names = new Set(versions.map((v) => v.type.name));
    expect(names.size).toBe(1);
  });

  it('gives every field added after v1 a default', () => {
    const first = new Set(fieldNames(present(versions[0]).type));
    for (const v of versions.slice(1)) {
      const fields =
        (v.definition['fields'] as { name: string; default?: unknown }[] | undefined) ?? [];
      for (const f of fields.filter((x) => !first.has(x.name))) {
        expect({ field: f.name, version: v.version, hasDefault: 'default' in f }).toEqual({
          field: f.name,
          version: v.version,
          hasDefault: true,
        });
      }
    }
  });

  const pairs = versions.flatMap((writer) => versions.map((reader) => ({ writer, reader })));
  it.each(pairs)('v$writer.version writes are read by v$reader.version', ({ writer, reader }) => {
    const resolver = reader.type.createResolver(writer.type);
    for (let i = 0; i < 25; i += 1) {
      const written = writer.type.random() as unknown as Record<string, unknown>;
      const read = reader.type.fromBuffer(writer.type.toBuffer(written), resolver) as Record<
        string,
        unknown
      >;
      // Every field both know keeps its value, at every depth (nested records too); a field
      // the writer lacks reads as its default.
      expect(toJson(read)).toEqual(projectOnReader(written, reader.type));
      expect(reader.type.isValid(read)).toBe(true);
    }
  });
});
