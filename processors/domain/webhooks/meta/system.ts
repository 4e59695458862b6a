// System messages: identity changes are lineage edges for the resolve stage.
//   user_changed_number   (older name customer_changed_number): `from` is the OLD phone,
//                         `system.wa_id` (older `new_wa_id`) the new one; a new BSUID too.
//   user_changed_user_id  BSUID rotated without a shareable phone.
// Payloads from before Aug 2026 lack `previous_*`; the human `body` ("… changed from A to
// B") is then the only evidence and is read as a fallback, typed fields first.
import type { EventDraft } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { canonicalJson } from '../../identifiers/digest.js';
import {
  classifyIdentifier,
  parseBsuid,
  parseParentBsuid,
  parsePhone,
} from '../../identifiers/identifiers.js';
import type { IdentifierKind } from '../../identifiers/identifiers.js';
import {
  badInput,
  optEpochSeconds,
  optString,
  requireObject,
  requireString,
} from '../../input/json-read.js';
import type { JsonObject } from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { withContact } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';

const NUMBER_CHANGE = new Set(['user_changed_number', 'customer_changed_number']);
const USER_ID_CHANGE = new Set(['user_changed_user_id']);
const BODY_RE = /changed from\s+(\S+)\s+to\s+(\S+?)\.?\s*$/;

/** The body's "from A to B" pair, each side kept only if it has the expected kind. */
function fromBody(
  body: string | null,
  kind: IdentifierKind,
): { from: string | null; to: string | null } {
  const m = body === null ? null : BODY_RE.exec(body);
  const pick = (s: string | undefined): string | null => {
    const id = s === undefined ? null : classifyIdentifier(s);
    return id?.kind === kind ? id.value : null;
  };
  return { from: pick(m?.[1]), to: pick(m?.[2]) };
}

export function parseSystemMessage(
  msg: JsonObject,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const sysPath = `${path}.system`;
  const sys = requireObject(msg['system'], sysPath);
  const subtype = requireString(sys, 'type', sysPath);
  const messageId = requireString(msg, 'id', path);
  const occurredAt = optEpochSeconds(msg, 'timestamp', path);
  const isNumber = NUMBER_CHANGE.has(subtype);
  if (!isNumber && !USER_ID_CHANGE.has(subtype)) {
    // e.g. customer_identity_changed (security code): not a lineage edge; kept verbatim.
    const probe = {
      phone: parsePhone(msg['from'], `${path}.from`),
      bsuid: parseBsuid(msg['from_user_id'], `${path}.from_user_id`),
      parentBsuid: parseParentBsuid(msg['from_parent_user_id'], `${path}.from_parent_user_id`),
    };
    return makeDraft(baseOf(ctx, 'MESSAGE', 'IN', occurredAt, ['message', messageId]), {
      user: withContact(probe, contacts),
      messageId,
      messageType: subtype,
      rawPayload: canonicalJson(msg),
    });
  }

  const body = optString(sys, 'body', sysPath);
  const from = parsePhone(msg['from'], `${path}.from`);
  const bsuid = parseBsuid(sys['user_id'], `${sysPath}.user_id`);
  const typedPrevBsuid = parseBsuid(sys['previous_user_id'], `${sysPath}.previous_user_id`);
  const parsedBody = fromBody(body, isNumber ? 'PHONE' : 'BSUID');

  let phone: string | null;
  let previousPhone: string | null = null;
  let newBsuid = bsuid;
  let previousBsuid = typedPrevBsuid;
  if (isNumber) {
    const typedNew =
      parsePhone(sys['wa_id'], `${sysPath}.wa_id`) ??
      parsePhone(sys['new_wa_id'], `${sysPath}.new_wa_id`);
    phone = typedNew ?? parsedBody.to;
    previousPhone = from ?? parsedBody.from;
  } else {
    // The phone did not change here; `from`, when Meta shares it, is still the user's.
    phone = parsePhone(sys['wa_id'], `${sysPath}.wa_id`) ?? from;
    newBsuid = bsuid ?? parsedBody.to;
    previousBsuid = previousBsuid ?? parsedBody.from;
  }
  if (phone === null && previousPhone === null && newBsuid === null && previousBsuid === null) {
    throw badInput(sysPath, `${subtype} carries no identifier (typed fields or body)`);
  }

  return makeDraft(baseOf(ctx, 'IDENTITY_CHANGE', 'IN', occurredAt, ['message', messageId]), {
    user: {
      phone,
      bsuid: newBsuid,
      parentBsuid:
        parseParentBsuid(sys['parent_user_id'], `${sysPath}.parent_user_id`) ??
        parseParentBsuid(msg['from_parent_user_id'], `${path}.from_parent_user_id`),
      userHandle: null,
      profileName: null,
    },
    messageId,
    messageType: subtype,
    previousPhone,
    previousBsuid,
    previousParentBsuid: parseParentBsuid(
      sys['previous_parent_user_id'],
      `${sysPath}.previous_parent_user_id`,
    ),
  });
}
