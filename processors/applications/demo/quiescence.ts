// Waiting for the worker to have processed everything there is: its consumer group has
// committed offsets up to the end of its input topics, on two consecutive looks (a look may
// fall between a transaction's commit and the offsets' visibility).
import { WaiError } from '../../domain/errors.js';
import type { KafkaAdmin } from '../../adapters/kafka/index.js';

export interface GroupInputs {
  groupId: string;
  topics: readonly string[];
}

async function caughtUp(admin: KafkaAdmin, group: GroupInputs): Promise<boolean> {
  for (const topic of group.topics) {
    const ends = await admin.partitionOffsets(topic);
    const committed = await admin.committedOffsets(
      group.groupId,
      topic,
      ends.map((e) => e.partition),
    );
    for (const end of ends) {
      if (end.high === end.low) continue; // nothing to read
      const offset = committed.get(end.partition);
      if (offset === null || offset === undefined || BigInt(offset) < BigInt(end.high))
        return false;
    }
  }
  return true;
}

export async function waitUntilCaughtUp(
  admin: KafkaAdmin,
  groups: readonly GroupInputs[],
  timeoutMs: number,
  pollMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let streak = 0;
  while (Date.now() < deadline) {
    const all = await Promise.all(groups.map((g) => caughtUp(admin, g)));
    streak = all.every(Boolean) ? streak + 1 : 0;
    if (streak >= 2) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new WaiError(
    'WAI_TIMEOUT',
    `the pipeline did not catch up with its input within ${timeoutMs} ms`,
  );
}
