// `statuses[]`: delivery receipts for messages the business sent (direction OUT).
// `recipient_id` is the phone only when the send used it (omitted for BSUID sends, a group
// id for group sends); the parent BSUID field has two spellings in the wild; `failed`
// statuses come without `contacts` and possibly without any BSUID (correlate by wamid).
// A group message's status (`recipient_type: "group"`) names the group in `recipient_id`
// and, per participant, `recipient_participant_id` (the participant's phone) with the
// participant's BSUID fields (`recipient_participant_user_id`, else `recipient_user_id`;
// `recipient_participant_parent_user_id`, else the parent fields above): the participant is
// the user, never the group. Each participant's status is its own event (its id names it).
import type { EventDraft } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { parseBsuid, parseParentBsuid, parsePhone } from '../../identifiers/identifiers.js';
import {
  isObject,
  optArray,
  optEpochSeconds,
  optString,
  requireObject,
  requireString,
} from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { withContact } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';

export function parseStatus(
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const st = requireObject(raw, path);
  const messageId = requireString(st, 'id', path);
  const status = requireString(st, 'status', path);
  const isGroup = optString(st, 'recipient_type', path) === 'group';
  const parent =
    (isGroup
      ? parseParentBsuid(
          st['recipient_participant_parent_user_id'],
          `${path}.recipient_participant_parent_user_id`,
        )
      : null) ??
    parseParentBsuid(st['recipient_parent_user_id'], `${path}.recipient_parent_user_id`) ??
    parseParentBsuid(st['parent_recipient_user_id'], `${path}.parent_recipient_user_id`);
  const probe = {
    phone: isGroup
      ? parsePhone(st['recipient_participant_id'], `${path}.recipient_participant_id`)
      : parsePhone(st['recipient_id'], `${path}.recipient_id`),
    bsuid:
      (isGroup
        ? parseBsuid(st['recipient_participant_user_id'], `${path}.recipient_participant_user_id`)
        : null) ?? parseBsuid(st['recipient_user_id'], `${path}.recipient_user_id`),
    parentBsuid: parent,
  };
  // One group message has a status per participant: the participant is part of its identity.
  const participant = isGroup ? (probe.phone ?? probe.bsuid ?? probe.parentBsuid) : null;
  const idParts = ['status', messageId, status, ...(participant === null ? [] : [participant])];
  const firstError = optArray(st, 'errors', path).find(isObject);
  const occurredAt = optEpochSeconds(st, 'timestamp', path);
  return makeDraft(baseOf(ctx, 'STATUS', 'OUT', occurredAt, idParts), {
    user: withContact(probe, contacts),
    messageId,
    status,
    errorCode: firstError ? optString(firstError, 'code', `${path}.errors[0]`) : null,
    requestId: optString(st, 'biz_opaque_callback_data', path),
  });
}
