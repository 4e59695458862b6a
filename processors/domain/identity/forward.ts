// Forwarding along lineage pointers (phone alias → BSUID, old BSUID → new). Identity changes
// revive their target, so pointers cannot form a loop in practice; a bound on hops still
// guarantees termination, and an item that exceeds it goes to the DLQ instead of vanishing.
import type { ResolveItem } from './commands.js';
import { dlqRecord, emptyResult, type StepResult } from './records.js';

export const MAX_FORWARD_HOPS = 8;

export function forwardOrLoop(
  target: string,
  item: ResolveItem & { hops: number },
  original: unknown,
): StepResult {
  const result = emptyResult();
  if (item.hops <= MAX_FORWARD_HOPS) {
    result.commands.push({ key: target, item });
    return result;
  }
  const message = `lineage pointers loop: forwarded ${item.hops} times`;
  result.outputs.push(dlqRecord(target, 'WAI_INTERNAL', [{ field: 'key', message }], original));
  return result;
}
