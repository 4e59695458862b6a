// 8x8's own Chat Apps callbacks (besides the CABM wrapper of Meta's payloads, read by
// eight-by-eight.ts): `{namespace: "ChatApps", eventType, description, payload}` with
//   - eventType `inbound_message_received` (MO): payload `{umid, subAccountId, timestamp (ISO
//     8601), user, recipient, type, content}` (developer.8x8.com/connect/reference/inbound-chatapps-message);
//   - eventType `outbound_message_status_changed` (DR): payload `{umid, clientMessageId,
//     subAccountId, channel, user, status: {state, detail, timestamp, errorCode, errorMessage}}`
//     (developer.8x8.com/connect/reference/delivery-receipts-for-outbound-chatapps,
//     developer.8x8.com/connect/reference/message-status-reference).
// The user: `user.msisdn` is the phone; `user.channelUserId` is the BSUID on MO v3 / DR v9,
// but MO v2 / DR v8 repeated the phone digits there, so digits are read as the phone
// (developer.8x8.com/release-notes/2026-07-21-business-scoped-user-ids-bsuid). MO v3's
// optional username is read from `user.username`, else `payload.username`: the release note
// names it without showing where it sits. The `recipient` object's fields are not shown in
// the docs we could read, so the business number is identified by `subAccountId` (the
// sub-account that owns it): map it under `phoneNumbers` in the portfolio map.
import type { EventDraft, ParsedDelivery, UserIdentity } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { toWaiError } from '../../errors.js';
import { parseAnyIdentifier, parsePhone, parseUsername } from '../../identifiers/identifiers.js';
import type { JsonObject } from '../../input/json-read.js';
import {
  badInput,
  isObject,
  optIsoTime,
  optString,
  requireObject,
  requireString,
} from '../../input/json-read.js';
import type { ProviderAdapter } from './adapter.js';

const NAMESPACE = 'ChatApps';
const MO = 'inbound_message_received';
const DR = 'outbound_message_status_changed';
const PATH = 'payload';
const digitsOf = (phone: string): string => phone.replace(/^\+/, '');

function userOf(payload: JsonObject): UserIdentity {
  const at = `${PATH}.user`;
  const user = requireObject(payload['user'], at);
  const msisdn = parsePhone(user['msisdn'], `${at}.msisdn`);
  const channelUserId = parseAnyIdentifier(user['channelUserId'], `${at}.channelUserId`);
  if (channelUserId?.kind === 'PARENT_BSUID') {
    throw badInput(`${at}.channelUserId`, 'holds a parent BSUID: 8x8 documents a BSUID or digits');
  }
  const digits = channelUserId?.kind === 'PHONE' ? channelUserId.value : null;
  if (digits !== null && msisdn !== null && digitsOf(digits) !== digitsOf(msisdn)) {
    throw badInput(`${at}.channelUserId`, 'holds phone digits that disagree with msisdn');
  }
  return {
    phone: msisdn ?? digits,
    bsuid: channelUserId?.kind === 'BSUID' ? channelUserId.value : null,
    parentBsuid: null,
    userHandle: parseUsername(user['username']) ?? parseUsername(payload['username']),
    profileName: null,
  };
}

/** 8x8's state in Meta's words; queued or unknown: not known to have reached WhatsApp. */
function statusOf(state: string): string {
  if (state === 'sent' || state === 'delivered' || state === 'read') return state;
  if (['undelivered', 'failed', 'rejected', 'error'].includes(state)) return 'failed';
  return 'unknown';
}

function draftOf(eventType: string, payload: JsonObject): EventDraft {
  const umid = requireString(payload, 'umid', PATH);
  const subAccountId = optString(payload, 'subAccountId', PATH);
  if (subAccountId === null) throw badInput(`${PATH}.subAccountId`, 'is required: the business');
  const base = { wabaId: null, businessPhoneNumberId: subAccountId, sourceField: null };
  if (eventType === MO) {
    return makeDraft(
      {
        ...base,
        eventType: 'MESSAGE',
        direction: 'IN',
        occurredAt: optIsoTime(payload, 'timestamp', PATH),
        idParts: ['message', umid],
      },
      { user: userOf(payload), messageId: umid, messageType: optString(payload, 'type', PATH) },
    );
  }
  const channel = optString(payload, 'channel', PATH);
  if (channel !== null && channel.toLowerCase() !== 'whatsapp') {
    throw badInput(`${PATH}.channel`, `is ${channel}, not whatsapp`);
  }
  const status = requireObject(payload['status'], `${PATH}.status`);
  const state = requireString(status, 'state', `${PATH}.status`);
  const code = status['errorCode'];
  return makeDraft(
    {
      ...base,
      eventType: 'STATUS',
      direction: 'OUT',
      occurredAt:
        optIsoTime(status, 'timestamp', `${PATH}.status`) ?? optIsoTime(payload, 'timestamp', PATH),
      idParts: ['status', umid, state],
    },
    {
      user: userOf(payload),
      messageId: umid,
      status: statusOf(state),
      errorCode: typeof code === 'number' || typeof code === 'string' ? String(code) : null,
    },
  );
}

export const eightByEightNativeAdapter: ProviderAdapter = {
  name: '8x8',
  matches: (raw) =>
    isObject(raw) &&
    raw['namespace'] === NAMESPACE &&
    (raw['eventType'] === MO || raw['eventType'] === DR) &&
    isObject(raw['payload']),
  unwrap(raw): ParsedDelivery {
    const envelope = requireObject(raw, '$');
    const eventType = requireString(envelope, 'eventType', '$');
    try {
      return { drafts: [draftOf(eventType, requireObject(envelope[PATH], PATH))], errors: [] };
    } catch (err) {
      return { drafts: [], errors: [toWaiError(err)] };
    }
  },
};
