// Secrets as the settings give them: a comma-separated value and/or a file with one secret per
// line (a mounted Kubernetes or Docker secret). Never logged, never echoed in a problem.
import { readFileSync } from 'node:fs';
import type { Problems } from './problems.js';

export interface SecretSource {
  /** The inline value, comma-separated (an environment variable's). */
  inline: string | undefined;
  /** A file of one secret per line, and the setting that named it (for problems). */
  file: { path: string; field: string } | null;
  /** The setting problems are reported under. */
  field: string;
  minLength: number;
}

export function readSecrets(source: SecretSource, p: Problems): string[] {
  let fromFile: string[] = [];
  if (source.file !== null) {
    try {
      fromFile = readFileSync(source.file.path, 'utf8').split('\n');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      p.add(source.file.field, `cannot read ${source.file.path}: ${code}`);
    }
  }
  const secrets = [...(source.inline ?? '').split(','), ...fromFile]
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (secrets.some((s) => s.length < source.minLength))
    p.add(source.field, `every secret must be at least ${source.minLength} characters`);
  return secrets;
}
