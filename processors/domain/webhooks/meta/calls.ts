// `field: "calls"` (Calling API). Shapes from Meta's calling reference, "Calling API
// Webhooks" (https://developers.facebook.com/documentation/business-messaging/whatsapp/calling/reference):
//   calls[]     one call event: `id` (wacid), `event` (connect, terminate, call_created,
//               call_recording_available, …), `direction` (USER_INITIATED | BUSINESS_INITIATED),
//               the caller `from`/`from_user_id`/`from_parent_user_id`, the callee
//               `to`/`to_user_id`/`to_parent_user_id` (phones omitted for username users),
//               `timestamp`; a terminate adds `status` (COMPLETED | FAILED) and its duration.
//   statuses[]  a business-initiated call's progress: `type: "call"`, `status` RINGING |
//               ACCEPTED | REJECTED, the user as `recipient_id` / `recipient_user_id` /
//               `recipient_parent_user_id`, like a message status.
// The user is the caller of a user-initiated call and the callee of a business-initiated one.
// Without `direction`, the side that carries a BSUID field is the user's, else the caller.
// The SDP session is not kept: it describes a network connection, not the user.
import type { EventDraft } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import type { Direction } from '../../events/event.js';
import { parseBsuid, parseParentBsuid, parsePhone } from '../../identifiers/identifiers.js';
import {
  isObject,
  optArray,
  optEpochSeconds,
  optString,
  requireObject,
  requireString,
  type JsonObject,
} from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { probeIds, withContact } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';

/** Every call event carries this message type, as Meta's call statuses do (`type: "call"`). */
export const CALL_TYPE = 'call';

export function parseCall(
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const call = requireObject(raw, path);
  const callId = requireString(call, 'id', path);
  const event = requireString(call, 'event', path);
  const direction = callDirection(call, path);
  // Ids are read (and refused) before the timestamp, so the first error is the user's ids.
  const user = withContact(probeIds(call, path, direction === 'IN' ? 'from' : 'to'), contacts);
  const outcome = optString(call, 'status', path);
  const occurredAt = optEpochSeconds(call, 'timestamp', path);
  const firstError = optArray(call, 'errors', path).find(isObject);
  const idParts = ['call', callId, event, ...(outcome === null ? [] : [outcome])];
  return makeDraft(baseOf(ctx, 'CALL', direction, occurredAt, idParts), {
    user,
    messageId: callId,
    messageType: CALL_TYPE,
    // A terminate's outcome says more than the event's name; other events have none.
    status: outcome ?? event,
    errorCode: firstError ? optString(firstError, 'code', `${path}.errors[0]`) : null,
  });
}

export function parseCallStatus(
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const st = requireObject(raw, path);
  const callId = requireString(st, 'id', path);
  const status = requireString(st, 'status', path);
  const probe = {
    phone: parsePhone(st['recipient_id'], `${path}.recipient_id`),
    bsuid: parseBsuid(st['recipient_user_id'], `${path}.recipient_user_id`),
    parentBsuid:
      parseParentBsuid(st['recipient_parent_user_id'], `${path}.recipient_parent_user_id`) ??
      parseParentBsuid(st['parent_recipient_user_id'], `${path}.parent_recipient_user_id`),
  };
  const user = withContact(probe, contacts);
  const occurredAt = optEpochSeconds(st, 'timestamp', path);
  return makeDraft(baseOf(ctx, 'CALL', 'OUT', occurredAt, ['call_status', callId, status]), {
    user,
    messageId: callId,
    messageType: CALL_TYPE,
    status,
  });
}

/** IN: the user called the business. OUT: the business called the user. */
function callDirection(call: JsonObject, path: string): Direction {
  const stated = optString(call, 'direction', path);
  if (stated === 'USER_INITIATED') return 'IN';
  if (stated === 'BUSINESS_INITIATED') return 'OUT';
  const userIsCallee =
    !hasAny(call, 'from_user_id', 'from_parent_user_id') &&
    hasAny(call, 'to_user_id', 'to_parent_user_id');
  return userIsCallee ? 'OUT' : 'IN';
}

function hasAny(obj: JsonObject, ...keys: string[]): boolean {
  return keys.some((k) => obj[k] !== undefined && obj[k] !== null && obj[k] !== '');
}
