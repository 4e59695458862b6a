// Provisioning's view of the cluster, over the adapter's admin with a scripted kafkajs admin:
// which calls reach the broker (never a config request with an empty name list, which would
// return every setting), what comes back, and how failures are classified.
import { describe, expect, it } from '@jest/globals';
import {
  ConfigResourceTypes,
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSProtocolError,
} from 'kafkajs';
import type { WaiError } from '../../../../processors/domain/errors.js';
import { wrapAdmin } from '../../../../processors/adapters/kafka/admin.js';
import type { KafkaClient } from '../../../../processors/adapters/kafka/index.js';
import { connectCluster } from '../../../../processors/applications/provision/cluster.js';

type KafkaJsAdmin = Parameters<typeof wrapAdmin>[0];

interface ConfigRequest {
  resources: { name: string; configNames: string[] }[];
}

interface Broker {
  topics: Record<string, { replicas: number[][]; configs: Record<string, string> }>;
  calls: string[];
  configRequests: ConfigRequest[];
  createRequests: unknown[];
  fail?: { call: string; error: unknown };
}

function scriptedAdmin(broker: Broker): KafkaJsAdmin {
  const call = (name: string) => {
    broker.calls.push(name);
    if (broker.fail?.call === name) throw broker.fail.error;
  };
  const admin = {
    connect: () => {
      call('connect');
      return Promise.resolve();
    },
    disconnect: () => {
      call('disconnect');
      return Promise.resolve();
    },
    listTopics: () => {
      call('listTopics');
      return Promise.resolve(Object.keys(broker.topics));
    },
    fetchTopicMetadata: ({ topics }: { topics: string[] }) => {
      call(`fetchTopicMetadata ${topics.join(',')}`);
      return Promise.resolve({
        topics: topics.map((name) => ({
          name,
          partitions: (broker.topics[name]?.replicas ?? []).map((replicas, partitionId) => ({
            partitionId,
            replicas,
          })),
        })),
      });
    },
    describeConfigs: (request: ConfigRequest) => {
      call('describeConfigs');
      broker.configRequests.push(request);
      return Promise.resolve({
        resources: request.resources.map((r) => ({
          resourceName: r.name,
          // As the broker does: an empty name list means every setting.
          configEntries: Object.entries(broker.topics[r.name]?.configs ?? {})
            .filter(([k]) => r.configNames.length === 0 || r.configNames.includes(k))
            .map(([configName, configValue]) => ({ configName, configValue })),
        })),
      });
    },
    createTopics: (request: unknown) => {
      call('createTopics');
      broker.createRequests.push(request);
      return Promise.resolve(true);
    },
  };
  return admin as unknown as KafkaJsAdmin;
}

function clientOf(broker: Broker): KafkaClient {
  const client: Pick<KafkaClient, 'admin'> = {
    admin: async () => {
      const admin = scriptedAdmin(broker);
      await admin.connect();
      return wrapAdmin(admin);
    },
  };
  return client as KafkaClient;
}

function newBroker(topics: Broker['topics'] = {}): Broker {
  return { topics, calls: [], configRequests: [], createRequests: [] };
}

async function rejection(p: Promise<unknown>): Promise<WaiError> {
  try {
    await p;
  } catch (err) {
    return err as WaiError;
  }
  throw new Error('expected a rejection');
}

function protocolError(type: string, message: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, code: 0 }));
}

describe('connectCluster: describe', () => {
  it('reports the existing topics asked for, with partitions, replicas and the asked settings', async () => {
    const broker = newBroker({
      book: {
        replicas: [
          [1, 2, 3],
          [2, 3, 1],
        ],
        configs: { 'cleanup.policy': 'compact', 'segment.ms': '1000', 'retention.ms': '5' },
      },
      events: { replicas: [[1]], configs: { 'retention.ms': '7' } },
      other: { replicas: [[1]], configs: {} },
    });
    const cluster = await connectCluster(clientOf(broker));
    const found = await cluster.describe([
      { name: 'book', configNames: ['cleanup.policy', 'segment.ms'] },
      { name: 'events', configNames: [] },
      { name: 'missing', configNames: ['retention.ms'] },
    ]);
    expect([...found.values()]).toEqual([
      {
        name: 'book',
        partitions: 2,
        replicationFactor: 3,
        configs: { 'cleanup.policy': 'compact', 'segment.ms': '1000' },
      },
      { name: 'events', partitions: 1, replicationFactor: 1, configs: {} },
    ]);
    // Metadata of present topics only; settings only of topics with names to ask.
    expect(broker.calls).toContain('fetchTopicMetadata book,events');
    expect(broker.configRequests).toEqual([
      {
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: 'book',
            configNames: ['cleanup.policy', 'segment.ms'],
          },
        ],
      },
    ]);
  });

  it('sends no config request when no topic has settings to ask about', async () => {
    const broker = newBroker({ events: { replicas: [[1]], configs: { 'retention.ms': '7' } } });
    const cluster = await connectCluster(clientOf(broker));
    const found = await cluster.describe([{ name: 'events', configNames: [] }]);
    expect(found.get('events')?.configs).toEqual({});
    expect(broker.calls).not.toContain('describeConfigs');
  });

  it('asks nothing more when none of the topics exists', async () => {
    const broker = newBroker();
    const cluster = await connectCluster(clientOf(broker));
    expect((await cluster.describe([{ name: 'a', configNames: ['x'] }])).size).toBe(0);
    expect(broker.calls).toEqual(['connect', 'listTopics']);
  });
});

describe('connectCluster: failures', () => {
  it('makes a broker failure a retriable WAI_BROKER naming what was being done', async () => {
    const broker = newBroker({ a: { replicas: [[1]], configs: {} } });
    broker.fail = { call: 'listTopics', error: new KafkaJSConnectionError('Connection timeout') };
    const cluster = await connectCluster(clientOf(broker));
    const err = await rejection(cluster.describe([{ name: 'a', configNames: [] }]));
    expect(err).toMatchObject({
      code: 'WAI_BROKER',
      retriable: true,
      message: 'describing topics: Connection timeout',
    });
    expect(err.cause).toBe(broker.fail.error);
  });

  it('makes a refusal no retry changes a WAI_CONFIG carrying each per-topic error', async () => {
    const broker = newBroker();
    broker.fail = {
      call: 'createTopics',
      error: new KafkaJSAggregateError('Topic creation errors', [
        protocolError('INVALID_REPLICATION_FACTOR', 'Replication factor: 3 larger than brokers: 1'),
        protocolError('TOPIC_ALREADY_EXISTS', 'Topic b already exists'),
      ]),
    };
    const cluster = await connectCluster(clientOf(broker));
    const err = await rejection(
      cluster.create([
        { name: 'a', partitions: 1, replicationFactor: 3 },
        { name: 'b', partitions: 1 },
      ]),
    );
    expect(err).toMatchObject({
      code: 'WAI_CONFIG',
      retriable: false,
      message:
        'creating a, b: Topic creation errors; Replication factor: 3 larger than brokers: 1; ' +
        'Topic b already exists',
    });
  });

  it('classifies a failed connection the same way', async () => {
    const broker = newBroker();
    broker.fail = {
      call: 'connect',
      error: protocolError('CLUSTER_AUTHORIZATION_FAILED', 'Cluster authorization failed'),
    };
    const err = await rejection(connectCluster(clientOf(broker)));
    expect(err).toMatchObject({
      code: 'WAI_CONFIG',
      message: 'connecting to Kafka: Cluster authorization failed',
    });
  });
});

describe('connectCluster: create', () => {
  it('creates with the partitions, replication (1 unless given) and settings, awaiting leaders', async () => {
    const broker = newBroker();
    const cluster = await connectCluster(clientOf(broker));
    await cluster.create([
      { name: 'a', partitions: 3, replicationFactor: 2, configs: { 'cleanup.policy': 'compact' } },
      { name: 'b', partitions: 1 },
    ]);
    expect(broker.createRequests).toEqual([
      {
        waitForLeaders: true,
        topics: [
          {
            topic: 'a',
            numPartitions: 3,
            replicationFactor: 2,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
          { topic: 'b', numPartitions: 1, replicationFactor: 1, configEntries: [] },
        ],
      },
    ]);
  });

  it('creates nothing, without a call, when nothing is missing', async () => {
    const broker = newBroker();
    const cluster = await connectCluster(clientOf(broker));
    await cluster.create([]);
    await cluster.disconnect();
    expect(broker.calls).toEqual(['connect', 'disconnect']);
  });
});
