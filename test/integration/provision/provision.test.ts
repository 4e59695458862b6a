// `provision` against the real broker and registry: it creates every topic with the
// configured partitions and each topic's settings (the contact book compacted, compaction lag
// bounded), registers every subject, finds everything on a second run (CLI included), reports
// drift without changing a topic, and refuses, creating nothing, when the input log and
// contact-book would not be co-partitioned.
import { describe, expect, it } from '@jest/globals';
import { ConfigResourceTypes } from 'kafkajs';
import type { WaiError } from '../../../processors/domain/errors.js';
import { topicSpecs } from '../../../processors/adapters/kafka/topics.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import { provision } from '../../../processors/applications/provision/provision.js';
import { useKafka } from '../../helpers/kafka.js';
import { runCli } from '../../unit/cli/run-cli.js';
import { useDeployments } from './deployment.js';

const kit = useKafka();
const deployment = useDeployments(kit);
const logger = createLogger({ level: 'silent' });

async function describeTopic(name: string, configNames: string[]) {
  const admin = await kit.admin();
  const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
  // An empty name list asks for every setting: ask for none then.
  const { resources } =
    configNames.length === 0
      ? { resources: [] }
      : await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames }],
        });
  const entries = resources[0]?.configEntries ?? [];
  return {
    partitions: topics[0]?.partitions.length,
    configs: Object.fromEntries(entries.map((e) => [e.configName, e.configValue])),
  };
}

async function topicsWithPrefix(prefix: string): Promise<string[]> {
  return (await (await kit.admin()).listTopics()).filter((t) => t.startsWith(prefix)).sort();
}

async function rejection(p: Promise<unknown>): Promise<WaiError> {
  try {
    await p;
  } catch (err) {
    return err as WaiError;
  }
  throw new Error('expected provision to refuse');
}

describe('provision', () => {
  it('creates every topic with its settings and schemas, then finds them all (idempotent)', async () => {
    const { config, env, prefix } = deployment('prov-idem', { WAI_PARTITIONS: '3' });
    const specs = topicSpecs(prefix);
    const first = await provision(config, logger);
    expect(first.topics.map((t) => [t.name, t.action, t.partitions, t.drift])).toEqual(
      specs.map((s) => [s.name, 'created', 3, []]),
    );
    expect(first.subjects.map((s) => s.topic).sort()).toEqual(
      specs
        .filter((s) => s.schemaDir !== null)
        .map((s) => s.name)
        .sort(),
    );
    for (const spec of specs) {
      const actual = await describeTopic(spec.name, Object.keys(spec.configs));
      expect({ topic: spec.name, ...actual }).toEqual({
        topic: spec.name,
        partitions: 3,
        configs: spec.configs,
      });
    }
    const contactBook = specs.find((s) => s.id === 'contactBook')?.name ?? '';
    expect(
      (await describeTopic(contactBook, ['cleanup.policy', 'max.compaction.lag.ms'])).configs,
    ).toEqual({
      'cleanup.policy': 'compact',
      'max.compaction.lag.ms': String(24 * 60 * 60 * 1000),
    });

    const again = await provision(config, logger);
    expect(again.topics.map((t) => [t.name, t.action, t.drift])).toEqual(
      specs.map((s) => [s.name, 'found', []]),
    );
    expect(again.subjects.map((s) => s.ids)).toEqual(first.subjects.map((s) => s.ids));

    const cli = await runCli(['provision'], '', env);
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    for (const spec of specs)
      expect(cli.stdout).toMatch(
        new RegExp(`^found +${spec.name.replace(/\./g, '\\.')} +3 partitions, replication 1$`, 'm'),
      );
    expect(cli.stdout).toContain(`schema   ${prefix}data-stream-value  v1-v3`);
    expect(await topicsWithPrefix(prefix)).toEqual(specs.map((s) => s.name).sort());
  });

  it('sets the input log’s retention.ms from WAI_INPUT_RETENTION_MS', async () => {
    // The default (-1, forever) is checked with every topic's settings in the first test.
    const days45 = String(45 * 24 * 60 * 60 * 1000);
    const bounded = deployment('prov-retention', { WAI_INPUT_RETENTION_MS: days45 });
    await provision(bounded.config, logger, { schemas: 'skip' });
    expect((await describeTopic(bounded.config.topics.input, ['retention.ms'])).configs).toEqual({
      'retention.ms': days45,
    });
    // Provisioning never alters a topic: a changed setting is reported as drift.
    const again = await provision({ ...bounded.config, inputRetentionMs: -1 }, logger, {
      schemas: 'skip',
    });
    expect(again.topics.find((t) => t.id === 'input')?.drift).toEqual([
      expect.stringContaining('retention.ms'),
    ]);
  });

  it('reports drift on an existing topic and leaves it as it is', async () => {
    const { config, prefix } = deployment('prov-drift', { WAI_PARTITIONS: '2' });
    const contactBook = `${prefix}contact-book`;
    const input = `${prefix}input`;
    const admin = await kit.admin();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: contactBook,
          numPartitions: 2,
          configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
        },
        { topic: input, numPartitions: 2 },
      ],
    });
    const report = await provision(config, logger, { schemas: 'skip' });
    const found = report.topics.find((t) => t.name === contactBook);
    expect(found?.action).toBe('found');
    expect(found?.drift).toContain('cleanup.policy=delete (asked: compact)');
    expect(found?.drift).toContainEqual(
      expect.stringMatching(/^max\.compaction\.lag\.ms=\d+ \(asked: 86400000\)$/),
    );
    // The broker's default retention, where the input log asks to keep everything.
    expect(report.topics.find((t) => t.name === input)).toMatchObject({
      action: 'found',
      drift: [expect.stringMatching(/^retention\.ms=\d+ \(asked: -1\)$/)],
    });
    expect(report.subjects).toEqual([]);
    expect((await describeTopic(contactBook, ['cleanup.policy'])).configs).toEqual({
      'cleanup.policy': 'delete',
    });
  });

  it('refuses, creating nothing, when the input log and contact-book partition counts differ', async () => {
    const { config, env, prefix } = deployment('prov-copart', { WAI_PARTITIONS: '3' });
    const contactBook = `${prefix}contact-book`;
    const admin = await kit.admin();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: contactBook, numPartitions: 2 }],
    });

    const err = await rejection(provision(config, logger));
    expect(err).toMatchObject({ code: 'WAI_CONFIG', retriable: false });
    expect(err.message).toContain(`${prefix}input would be created with 3 partitions`);
    expect(err.message).toContain(`${contactBook} has 2 partitions`);
    expect(await topicsWithPrefix(prefix)).toEqual([contactBook]);
    const subjects = (await (
      await fetch(`${kit.endpoints.registryUrl}/subjects`)
    ).json()) as string[];
    expect(subjects.filter((s) => s.startsWith(prefix))).toEqual([]);

    // Both exist with different counts: the CLI exits 2 naming both.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: `${prefix}input`, numPartitions: 4 }],
    });
    const cli = await runCli(['provision'], '', env);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(
      `${prefix}input has 4 partitions but ${contactBook} has 2 partitions`,
    );
    expect(await topicsWithPrefix(prefix)).toEqual([contactBook, `${prefix}input`].sort());
  });

  it('needs SCHEMA_REGISTRY_URL unless told to skip schemas, and says so before touching Kafka', async () => {
    const { env, prefix } = deployment('prov-noreg', {
      SCHEMA_REGISTRY_URL: '',
      WAI_PARTITIONS: '1',
    });
    const refused = await runCli(['provision'], '', env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/SCHEMA_REGISTRY_URL is not set/);
    expect(await topicsWithPrefix(prefix)).toEqual([]);

    const topicsOnly = await runCli(['provision', '--skip-schemas'], '', env);
    expect(topicsOnly.code).toBe(0);
    expect(topicsOnly.stdout).toMatch(
      new RegExp(`^created +${prefix.replace(/\./g, '\\.')}contact-book +1 partitions`, 'm'),
    );
    expect(topicsOnly.stdout).not.toMatch(/^schema/m);
  });
});
