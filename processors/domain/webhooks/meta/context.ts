// Where a change sits in the delivery: the business side and the fallbacks its items share.
import type { DraftBase } from '../../events/draft.js';
import type { EventType, Direction } from '../../events/event.js';

export interface ChangeContext {
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  field: string;
  /** JSON path of the change's `value`, for error fields. */
  path: string;
  /** `entry[].time` or a wrapper's timestamp, for items without a time of their own. */
  fallbackTime: number | null;
}

export function baseOf(
  ctx: ChangeContext,
  eventType: EventType,
  direction: Direction,
  occurredAt: number | null,
  idParts: string[],
): DraftBase {
  return {
    eventType,
    direction,
    sourceField: ctx.field,
    occurredAt: occurredAt ?? ctx.fallbackTime,
    wabaId: ctx.wabaId,
    businessPhoneNumberId: ctx.businessPhoneNumberId,
    idParts,
  };
}
