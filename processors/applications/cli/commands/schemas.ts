// `wa-identity schemas list|check`: the deployment's Avro subjects in the registry, and the
// local schema files checked against them (for CI pipelines: non-zero on an incompatible one).
import { WaiError } from '../../../domain/errors.js';
import { loadConfig } from '../../config.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity schemas list [--all] [--format table|json]
       wa-identity schemas check [--schemas-dir <dir>] [--format table|json]

list   the subjects of this deployment (WAI_TOPIC_PREFIX; --all: every subject) in
       SCHEMA_REGISTRY_URL, each with its compatibility level and its versions and ids.
check  every local schemas/<subject>/v<N>.avsc of each Avro topic against the subject the
       deployment registers it under (<prefix><topic>-value): the registry is asked whether
       each local version is compatible with each registered one under the subject's level
       (FULL_TRANSITIVE), and avsc names the field when it is not. Local versions not yet
       registered are listed as new (provision registers them). A registered version missing
       locally is a problem too (released versions are never deleted).

options:
  --schemas-dir <dir>  the schema folder to check (default: the package's schemas/)
  --all                list: every subject, not only the deployment's
  --format <f>         table (default) or json
  --help               this text

environment: SCHEMA_REGISTRY_URL (required), WAI_TOPIC_PREFIX
exit status: 0 ok, 1 an incompatible change or a registry failure, 2 usage error`;

const OPTIONS = {
  'schemas-dir': { type: 'string' },
  all: { type: 'boolean' },
  format: { type: 'string' },
} as const;

type Format = 'table' | 'json';

function parseFormat(raw: string | undefined): Format {
  if (raw === undefined || raw === 'table' || raw === 'json') return raw ?? 'table';
  throw new WaiError('WAI_CONFIG', `--format must be table or json, got "${raw}"`, {
    field: '--format',
  });
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('schemas', args, OPTIONS, true);
  const [action, ...extra] = positionals;
  if (action !== 'list' && action !== 'check') {
    throw new WaiError(
      'WAI_CONFIG',
      `schemas needs "list" or "check", got ${action === undefined ? 'nothing' : `"${action}"`}`,
      {
        field: 'action',
      },
    );
  }
  if (extra.length > 0) {
    throw new WaiError('WAI_CONFIG', `unexpected argument "${extra.join(' ')}"`, {
      field: 'action',
    });
  }
  const format = parseFormat(values.format);
  if (action === 'list' && values['schemas-dir'] !== undefined) {
    throw new WaiError('WAI_CONFIG', '--schemas-dir applies to check only', {
      field: '--schemas-dir',
    });
  }
  if (action === 'check' && values.all === true) {
    throw new WaiError('WAI_CONFIG', '--all applies to list only', { field: '--all' });
  }
  const config = loadConfig(io.env);
  if (config.registryUrl === null) {
    throw new WaiError('WAI_CONFIG', 'SCHEMA_REGISTRY_URL is required', {
      field: 'SCHEMA_REGISTRY_URL',
    });
  }
  const { createRegistryClient } = await import('../../../adapters/avro/registry.js');
  const check = await import('../../../adapters/avro/schema-check.js');
  const registry = createRegistryClient(config.registryUrl, config.registrySecurity);
  const write = (line: string): boolean => io.stdout.write(`${line}\n`);
  if (action === 'list') {
    const subjects = await check.listSubjects(
      registry,
      values.all === true ? '' : config.topicPrefix,
    );
    if (format === 'json')
      for (const s of subjects)
        write(
          JSON.stringify({
            ...s,
            versions: s.versions.map(({ version, id }) => ({ version, id })),
          }),
        );
    else {
      for (const s of subjects) {
        const versions = s.versions.map((v) => `v${v.version}=${v.id}`).join(' ');
        write(`${s.subject}  ${s.compatibility ?? '-'}  ${versions}`);
      }
      if (subjects.length === 0)
        write(`no subject starts with "${config.topicPrefix}" (provision registers them)`);
    }
    return 0;
  }
  const { topicSpecs } = await import('../../../adapters/kafka/topics.js');
  const results = await check.checkTopicSchemas(
    registry,
    topicSpecs(config.topicPrefix),
    values['schemas-dir'],
  );
  let failed = 0;
  for (const r of results) {
    failed += r.problems.length > 0 ? 1 : 0;
    if (format === 'json') {
      write(JSON.stringify(r));
      continue;
    }
    const state = r.problems.length > 0 ? 'INCOMPATIBLE' : 'ok';
    const news =
      r.newVersions.length === 0 ? '' : `, new: ${r.newVersions.map((v) => `v${v}`).join(' ')}`;
    write(
      `${state.padEnd(12)} ${r.subject}  local v1-v${r.localVersions}, registered ${r.registeredVersions}${news}`,
    );
    for (const p of r.problems) write(`             ${p}`);
  }
  if (format === 'table') write(`${results.length} subjects checked, ${failed} incompatible`);
  return failed > 0 ? 1 : 0;
}

export const command: CliCommand = {
  name: 'schemas',
  summary: "the registry's subjects (list) and the local schema files checked against them (check)",
  usage: USAGE,
  run,
};
