// Every version of every subject reads every other version's writes through Avro schema
// resolution (FULL_TRANSITIVE in spirit): old readers keep working on new writers, and new
// readers on old data (analytics replays history).
import { describe, expect, it } from '@jest/globals';
import type avro from 'avsc';
import { listSubjects, loadVersions } from '../../processors/adapters/avro/catalog.js';
import { present } from '../helpers/present.js';
import { asRecord } from '../helpers/avro-record.js';

const subjects = listSubjects();

/**
 * The part of `written` a reader sees: nested records keep only the fields the reader has
 * (an older reader drops fields a later version added to a nested record).
 */
function seenBy(written: unknown, read: unknown): unknown {
  if (Array.isArray(written) && Array.isArray(read)) {
    return written.map((w, i) => seenBy(w, read[i]));
  }
  if (isPlain(written) && isPlain(read)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(read)) {
      out[key] = key in written ? seenBy(written[key], read[key]) : read[key];
    }
    return out;
  }
  return written;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v);
}

/** Record instances as plain data (avsc gives them methods on their prototype). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

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
    const shared = fieldNames(reader.type).filter((f) => fieldNames(writer.type).includes(f));
    for (let i = 0; i < 25; i += 1) {
      const written = writer.type.random() as unknown as Record<string, unknown>;
      const read = reader.type.fromBuffer(writer.type.toBuffer(written), resolver) as Record<
        string,
        unknown
      >;
      for (const f of shared) expect(plain(read[f])).toEqual(plain(seenBy(written[f], read[f])));
      expect(reader.type.isValid(read)).toBe(true);
    }
  });
});
