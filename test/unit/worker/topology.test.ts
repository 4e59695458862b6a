// The hint about `provision` appears only for a topic that does not exist: a broker still
// electing leaders right after provisioning is reported as what it is, and stays retriable.
import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../processors/domain/errors.js';
import type { KafkaAdmin } from '../../../processors/adapters/kafka/index.js';
import { partitionCount } from '../../../processors/applications/worker/topology.js';

function admin(existing: readonly string[], failure: Error | null): KafkaAdmin {
  const unused = () => Promise.reject(new Error('not used'));
  return {
    partitionOffsets: (topic: string) =>
      failure === null
        ? Promise.resolve([{ partition: 0, low: '0', high: '0' }].map((o) => ({ ...o, topic })))
        : Promise.reject(failure),
    describeTopics: (queries) =>
      Promise.resolve(
        new Map(
          queries
            .filter((q) => existing.includes(q.name))
            .map((q) => [
              q.name,
              { name: q.name, partitions: 1, replicationFactor: 1, configs: {} },
            ]),
        ),
      ),
    committedOffsets: unused,
    createTopics: unused,
    deleteTopics: unused,
    deleteGroups: unused,
    setGroupOffsets: unused,
    groupMembers: unused,
    groupAssignment: unused,
    brokerCount: unused,
    disconnect: unused,
  };
}

const notLeader = new WaiError(
  'WAI_BROKER',
  'end offsets of whatsapp.input: This server is not the leader for that topic-partition',
  { retriable: true },
);

describe('partitionCount', () => {
  it('reports a transient failure of an existing topic as it is, without the provision hint', async () => {
    const failed = partitionCount(admin(['whatsapp.input'], notLeader), 'whatsapp.input');
    await expect(failed).rejects.toBe(notLeader);
    await expect(failed).rejects.not.toThrow(/provision/);
  });

  it('names a topic that does not exist and what creates it', async () => {
    const failed = partitionCount(admin([], notLeader), 'whatsapp.input');
    await expect(failed).rejects.toThrow(
      'topic whatsapp.input does not exist: `wa-identity provision` creates the topics',
    );
    await expect(failed).rejects.toMatchObject({ code: 'WAI_CONFIG', retriable: false });
  });

  it('counts the partitions when the broker answers', async () => {
    await expect(partitionCount(admin(['t'], null), 't')).resolves.toBe(1);
  });
});
