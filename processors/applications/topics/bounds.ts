// --from / --to of the tools: a record time (ISO-8601, or epoch milliseconds: all digits) or
// an offset (`offset:<n>`, the same offset on every partition). Ranges are half-open: from
// included, to excluded, as in Kafka's own offset ranges.
import { WaiError } from '../../domain/errors.js';
import { parseTimeFlag } from '../normalize/normalize-options.js';

export type Bound = { kind: 'time'; ms: number } | { kind: 'offset'; offset: bigint };

const OFFSET = /^offset:([0-9]+)$/;

export function parseBound(flag: string, raw: string): Bound {
  const offset = OFFSET.exec(raw);
  if (offset?.[1] !== undefined) return { kind: 'offset', offset: BigInt(offset[1]) };
  if (raw.startsWith('offset:')) {
    throw new WaiError('WAI_CONFIG', `${flag} ${raw}: expected offset:<n> with n ≥ 0`, {
      field: flag,
    });
  }
  try {
    return { kind: 'time', ms: parseTimeFlag(flag, raw) };
  } catch {
    throw new WaiError(
      'WAI_CONFIG',
      `${flag} ${raw}: expected an ISO-8601 time, epoch ms, or offset:<n>`,
      { field: flag },
    );
  }
}

export function describeBound(bound: Bound): string {
  return bound.kind === 'time' ? new Date(bound.ms).toISOString() : `offset:${bound.offset}`;
}

/** --to must lie after --from when both are of one kind (mixed kinds cannot be compared). */
export function checkOrder(from: Bound | null, to: Bound | null): void {
  if (from === null || to === null || from.kind !== to.kind) return;
  const after =
    from.kind === 'time'
      ? to.kind === 'time' && to.ms > from.ms
      : to.kind === 'offset' && to.offset > from.offset;
  if (!after) {
    throw new WaiError(
      'WAI_CONFIG',
      `--to ${describeBound(to)} is not after --from ${describeBound(from)}`,
      { field: '--to' },
    );
  }
}
