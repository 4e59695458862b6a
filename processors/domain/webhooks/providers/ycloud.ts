// YCloud's own webhook for an inbound message (besides the Meta envelopes it forwards as-is,
// read by the meta adapter): `{id, type: "whatsapp.inbound_message.received", apiVersion,
// createTime, whatsappInboundMessage: {id, wamid, wabaId, from (E.164), fromUserId,
// fromParentUserId, customerProfile: {name, username}, to (the business number, E.164),
// sendTime (RFC 3339), type, <type>: {…}}}` (docs.ycloud.com, webhook reference). A system
// notice of a new BSUID (`system.type: user_changed_user_id`, `previous_user_id`) is an
// identity change, as Meta's is. The business number is identified by its E.164 `to`: map it
// under `phoneNumbers` in the portfolio map.
import type { EventDraft, ParsedDelivery } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { toWaiError } from '../../errors.js';
import { parseBsuid, parseParentBsuid, parsePhone } from '../../identifiers/identifiers.js';
import { badInput, isObject, optIsoTime, optString, requireObject } from '../../input/json-read.js';
import type { ProviderAdapter } from './adapter.js';

const EVENT_TYPE = 'whatsapp.inbound_message.received';
const PATH = 'whatsappInboundMessage';

function draftOf(raw: unknown): EventDraft {
  const m = requireObject(raw, PATH);
  const messageId = optString(m, 'wamid', PATH) ?? optString(m, 'id', PATH);
  if (messageId === null) throw badInput(`${PATH}.wamid`, 'is required (or id)');
  const profile = isObject(m['customerProfile']) ? m['customerProfile'] : {};
  const type = optString(m, 'type', PATH);
  const system = type === 'system' && isObject(m['system']) ? m['system'] : null;
  const rotated = system !== null && system['type'] === 'user_changed_user_id';
  const base = {
    eventType: rotated ? ('IDENTITY_CHANGE' as const) : ('MESSAGE' as const),
    direction: 'IN' as const,
    sourceField: 'messages',
    occurredAt: optIsoTime(m, 'sendTime', PATH),
    wabaId: optString(m, 'wabaId', PATH),
    businessPhoneNumberId: optString(m, 'to', PATH),
    idParts: ['message', messageId],
  };
  return makeDraft(base, {
    user: {
      phone: parsePhone(m['from'], `${PATH}.from`),
      bsuid: parseBsuid(m['fromUserId'], `${PATH}.fromUserId`),
      parentBsuid: parseParentBsuid(m['fromParentUserId'], `${PATH}.fromParentUserId`),
      userHandle: optString(profile, 'username', `${PATH}.customerProfile`),
      profileName: optString(profile, 'name', `${PATH}.customerProfile`),
    },
    messageId,
    messageType: rotated ? 'user_changed_user_id' : type,
    previousBsuid: rotated
      ? parseBsuid(system['previous_user_id'], `${PATH}.system.previous_user_id`)
      : null,
    previousParentBsuid: rotated
      ? parseParentBsuid(
          system['previous_parent_user_id'],
          `${PATH}.system.previous_parent_user_id`,
        )
      : null,
  });
}

export const ycloudAdapter: ProviderAdapter = {
  name: 'ycloud',
  matches: (raw) => isObject(raw) && raw['type'] === EVENT_TYPE && PATH in raw,
  unwrap(raw): ParsedDelivery {
    const envelope = requireObject(raw, '$');
    try {
      return { drafts: [draftOf(envelope[PATH])], errors: [] };
    } catch (err) {
      return { drafts: [], errors: [toWaiError(err)] };
    }
  },
};
