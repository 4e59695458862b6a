// The schema catalog: `schemas/<subject>/v<N>.avsc`, one file per version, never edited after
// release. Subjects follow TopicNameStrategy (`<topic>-value`). Versions are loaded in order so
// registration replays history and the registry's compatibility check sees every step.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { WaiError } from '../../domain/errors.js';
import { packageRoot } from '../package-root.js';

export interface SchemaVersion {
  subject: string;
  version: number;
  /** The schema as written in the file (JSON object). */
  definition: Record<string, unknown>;
  type: avro.Type;
}

const VERSION_FILE = /^v(\d+)\.avsc$/;

export function schemasDir(): string {
  return join(packageRoot(), 'schemas');
}

export function listSubjects(dir = schemasDir()): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function loadVersions(subject: string, dir = schemasDir()): SchemaVersion[] {
  const files = readdirSync(join(dir, subject))
    .map((name) => ({ name, match: VERSION_FILE.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null);
  const versions = files
    .map(({ name, match }) => {
      const text = readFileSync(join(dir, subject, name), 'utf8');
      let definition: Record<string, unknown>;
      try {
        definition = JSON.parse(text) as Record<string, unknown>;
      } catch (cause) {
        throw new WaiError('WAI_SCHEMA', `schemas/${subject}/${name} is not valid JSON`, { cause });
      }
      return {
        subject,
        version: Number(match[1]),
        definition,
        type: avro.Type.forSchema(definition as avro.Schema),
      };
    })
    .sort((a, b) => a.version - b.version);
  versions.forEach((v, i) => {
    if (v.version !== i + 1) {
      throw new WaiError(
        'WAI_SCHEMA',
        `schemas/${subject}: versions must be v1..vN without gaps, found v${v.version} at position ${i + 1}`,
      );
    }
  });
  if (versions.length === 0)
    throw new WaiError('WAI_SCHEMA', `schemas/${subject} holds no v<N>.avsc file`);
  return versions;
}

export function latestVersion(subject: string, dir = schemasDir()): SchemaVersion {
  const versions = loadVersions(subject, dir);
  return versions[versions.length - 1] as SchemaVersion;
}
