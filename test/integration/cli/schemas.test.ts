// `wa-identity schemas` on the real registry: list shows the provisioned subjects with their
// versions; check passes on the shipped schemas, names a new compatible version, and fails
// (exit 1, subject and field named) on an incompatible local change; usage errors exit 2.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../processors/applications/cli/main.js';
import { useKafka } from '../../helpers/kafka.js';
import { PIPELINE_ENV } from '../../unit/pipeline/inputs.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { usePipelineDeployments } from '../pipeline/harness.js';
import { testIo } from './cli-io.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const SUBJECT_DIR = 'whatsapp.data-stream-value';
let d: PipelineDeployment;

beforeAll(async () => {
  d = await deployment('schemas', PIPELINE_ENV);
});

async function schemas(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo(d.env);
  const code = await main(['schemas', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** A copy of the shipped schemas with one more data-stream version: v2 plus `field`. */
/** The shipped schemas plus a next data-stream version (v4: the latest, v3, plus `field`). */
function schemasWithNext(field: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wai-schemas-'));
  cpSync(join(import.meta.dirname, '..', '..', '..', 'schemas'), dir, { recursive: true });
  const latest = JSON.parse(readFileSync(join(dir, SUBJECT_DIR, 'v3.avsc'), 'utf8')) as {
    fields: unknown[];
  };
  latest.fields.push(field);
  writeFileSync(join(dir, SUBJECT_DIR, 'v4.avsc'), JSON.stringify(latest));
  return dir;
}

describe('wa-identity schemas', () => {
  it("lists the deployment's subjects, their level and every version", async () => {
    const { code, out } = await schemas(['list', '--format', 'json']);
    expect(code).toBe(0);
    const subjects = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { subject: string; compatibility: string; versions: unknown[] });
    expect(subjects.map((s) => s.subject)).toEqual(
      ['contact-book', 'data-stream', 'export-log', 'outbound.results'].map(
        (t) => `${d.prefix}${t}-value`,
      ),
    );
    for (const s of subjects) expect(s.compatibility).toBe('FULL_TRANSITIVE');
    expect(subjects.find((s) => s.subject.endsWith('data-stream-value'))?.versions).toHaveLength(3);
  });

  it('passes on the shipped schemas', async () => {
    const { code, out } = await schemas(['check']);
    expect(code).toBe(0);
    expect(out).toContain('4 subjects checked, 0 incompatible');
  });

  it('names a new compatible version and passes', async () => {
    const dir = schemasWithNext({ name: 'extra', type: ['null', 'string'], default: null });
    const { code, out } = await schemas(['check', '--schemas-dir', dir]);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`ok +${d.prefix}data-stream-value .*new: v4`));
  });

  it('fails on an incompatible local change, naming the subject and the field', async () => {
    const dir = schemasWithNext({ name: 'mustHave', type: 'string' });
    const { code, out } = await schemas(['check', '--schemas-dir', dir]);
    expect(code).toBe(1);
    expect(out).toContain(`INCOMPATIBLE ${d.prefix}data-stream-value`);
    expect(out).toContain('mustHave');
    expect(out).toContain('1 incompatible');
  });

  it('refuses a missing or unknown action and misplaced options (exit 2)', async () => {
    expect((await schemas([])).code).toBe(2);
    const unknown = await schemas(['drop']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('"drop"');
    expect((await schemas(['list', '--schemas-dir', '/tmp'])).err).toContain('--schemas-dir');
    expect((await schemas(['check', '--format', 'xml'])).err).toContain('--format');
  });
});
