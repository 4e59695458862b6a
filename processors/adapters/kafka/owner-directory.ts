// Who owns an input partition, and where to reach it: read from the consumer group as the
// coordinator holds it (describeGroups: each member's assignment and the endpoint it
// advertises in its subscription, sticky-assigner.ts), the way Kafka Streams' interactive
// queries find a key's host from the assignment. Cached briefly; a caller that found the
// answer stale (the owner refused or did not answer) asks again with `fresh`.
import type { KafkaAdmin } from './admin.js';
import type { KafkaClient } from './client.js';
import { memberAdvert } from './sticky-assigner.js';

export interface PartitionOwner {
  instance: string;
  /** Null when the owner advertises no endpoint (it serves no lookups). */
  endpoint: string | null;
}

export interface OwnerDirectory {
  /** The owner of `partition` of the topic, or null while the group rebalances. */
  ownerOf(partition: number, options?: { fresh?: boolean }): Promise<PartitionOwner | null>;
  close(): Promise<void>;
}

export interface OwnerDirectoryOptions {
  groupId: string;
  topic: string;
  /** How long an answer is reused (default 2 s). */
  ttlMs?: number;
  clock?: () => number;
}

async function readOwners(
  admin: KafkaAdmin,
  o: OwnerDirectoryOptions,
): Promise<Map<number, PartitionOwner>> {
  const owners = new Map<number, PartitionOwner>();
  for (const member of await admin.groupAssignment(o.groupId)) {
    const advert = memberAdvert(member.memberId, member.userData);
    for (const p of member.assignment[o.topic] ?? []) owners.set(p, advert);
  }
  return owners;
}

export function createOwnerDirectory(
  client: KafkaClient,
  o: OwnerDirectoryOptions,
): OwnerDirectory {
  const ttlMs = o.ttlMs ?? 2000;
  const clock = o.clock ?? Date.now;
  let admin: Promise<KafkaAdmin> | undefined;
  let cached: { at: number; owners: Promise<Map<number, PartitionOwner>> } | undefined;
  const connect = (): Promise<KafkaAdmin> => {
    admin ??= client.admin().catch((err: unknown) => {
      admin = undefined;
      throw err;
    });
    return admin;
  };
  return {
    async ownerOf(partition, options = {}) {
      const now = clock();
      if (cached === undefined || options.fresh === true || now - cached.at > ttlMs) {
        const owners = connect().then((a) => readOwners(a, o));
        cached = { at: now, owners };
        owners.catch(() => {
          if (cached?.owners === owners) cached = undefined;
        });
      }
      return (await cached.owners).get(partition) ?? null;
    },
    async close() {
      const connected = admin;
      admin = undefined;
      await (await connected?.catch(() => undefined))?.disconnect();
    },
  };
}
