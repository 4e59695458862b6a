// Secrets as the settings give them: a comma-separated value and/or a file with one secret per
// line (a mounted Kubernetes or Docker secret). Never logged, never echoed in a problem.
import { readFileSync } from 'node:fs';
import type { Env, Problems } from './problems.js';

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

/** The secrets of setting NAME: from NAME (comma-separated) and/or NAME_FILE (one per line). */
export function namedSecrets(env: Env, name: string, minLength: number, p: Problems): string[] {
  const file = env[`${name}_FILE`]?.trim();
  return readSecrets(
    {
      inline: env[name],
      file: file === undefined || file === '' ? null : { path: file, field: `${name}_FILE` },
      field: name,
      minLength,
    },
    p,
  );
}

/**
 * The one secret of setting NAME (a password, a token), from NAME or NAME_FILE; null when
 * neither gives one. Two (both set, or a list) is a problem: which one counts is not guessed.
 */
export function singleSecret(
  env: Env,
  name: string,
  p: Problems,
  o: { minLength: number; what: string },
): string | null {
  const found = namedSecrets(env, name, o.minLength, p);
  if (found.length > 1) p.add(name, `give one ${o.what}: the variable or the file, not both`);
  return found[0] ?? null;
}
