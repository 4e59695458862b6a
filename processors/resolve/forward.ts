// Forwarding along lineage pointers (phone alias → BSUID, old BSUID → new). Identity changes
// revive their target, so pointers cannot form a loop in practice; a bound on hops still
// guarantees termination, and an item that exceeds it goes to the DLQ instead of vanishing.
import { WaiError } from '../core/errors.js';
import type { ResolveItem } from './commands.js';
import { emptyResult, type StepResult } from './records.js';

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
  const error = new WaiError('WAI_INTERNAL', `lineage pointers loop: forwarded ${item.hops} times`);
  result.outputs.push({
    topic: 'dlq',
    key: target,
    value: { error: { code: error.code, message: error.message, problems: [] }, input: original },
  });
  return result;
}
