// --from / --to turned into offsets per partition. Times are looked up with the broker's
// offsets-by-time (the earliest record at or after the time); offsets are taken as given,
// no lower than the log start. Without following, the read ends at the read-committed end
// taken now, so it terminates even while producers write.
import { WaiError } from '../../domain/errors.js';
import type { KafkaClient } from '../../adapters/kafka/index.js';
import { offsetsForTime } from '../../adapters/kafka/index.js';
import type { Bound } from './bounds.js';

export interface OffsetRange {
  from: Map<number, string>;
  to: Map<number, string>;
  /** Records between the starts and the ends (an upper bound: control records count). */
  span: bigint;
}

export interface RangeBounds {
  from: Bound | null;
  to: Bound | null;
  follow: boolean;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

export async function resolveRange(
  client: KafkaClient,
  topic: string,
  bounds: RangeBounds,
): Promise<OffsetRange> {
  const admin = await client.admin();
  let offsets;
  try {
    const found = await admin.describeTopics([{ name: topic, configNames: [] }]);
    if (!found.has(topic)) {
      throw new WaiError(
        'WAI_CONFIG',
        `<topic> ${topic} does not exist (run wa-identity provision?)`,
        { field: '<topic>' },
      );
    }
    offsets = await admin.partitionOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const atTime = async (bound: Bound | null): Promise<Map<number, string> | null> =>
    bound?.kind === 'time' ? offsetsForTime(client, topic, bound.ms) : null;
  const [fromTimes, toTimes] = await Promise.all([atTime(bounds.from), atTime(bounds.to)]);
  const range: OffsetRange = { from: new Map(), to: new Map(), span: 0n };
  for (const { partition, low, high } of offsets) {
    const start = max(
      BigInt(low),
      bounds.from?.kind === 'offset'
        ? bounds.from.offset
        : BigInt(fromTimes?.get(partition) ?? low),
    );
    range.from.set(partition, start.toString());
    // Following: no end (--to is refused with --follow).
    if (bounds.follow) continue;
    let end = BigInt(high);
    if (bounds.to?.kind === 'offset') end = min(end, bounds.to.offset);
    const toTime = toTimes?.get(partition);
    if (toTime !== undefined) end = min(end, BigInt(toTime));
    range.to.set(partition, end.toString());
    range.span += max(0n, end - start);
  }
  return range;
}
