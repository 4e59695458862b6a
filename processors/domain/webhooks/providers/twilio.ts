// Twilio Programmable Messaging webhooks (form fields). The user address is `From` on an
// inbound message and `To` on a status callback, `whatsapp:`-prefixed, and holds the BSUID
// when Meta withholds the phone. The BSUID also comes as `ExternalUserId` (Twilio's field
// name; its changelog says `ExternalUserIdentifier`: both are read), the parent as
// `ParentExternalUserId`, the phone digits as `WaId`.
import type { EventDraft, ParsedDelivery, UserIdentity } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import {
  parseAnyIdentifier,
  parseBsuid,
  parseParentBsuid,
  parsePhone,
} from '../../identifiers/identifiers.js';
import { badInput } from '../../input/json-read.js';
import type { FormFields } from './form-body.js';
import { asFormFields } from './form-body.js';
import type { ProviderAdapter } from './adapter.js';

const sidOf = (f: FormFields): string | undefined => f['MessageSid'] ?? f['SmsMessageSid'];
const INBOUND_STATES = new Set(['received', 'receiving']);

function userIdentity(f: FormFields, addressField: 'From' | 'To'): UserIdentity {
  const ids = {
    phone: null as string | null,
    bsuid: null as string | null,
    parent: null as string | null,
  };
  for (const field of [addressField, 'WaId'] as const) {
    const id = parseAnyIdentifier(f[field], field);
    if (id?.kind === 'PHONE') ids.phone ??= id.value;
    if (id?.kind === 'BSUID') ids.bsuid ??= id.value;
    if (id?.kind === 'PARENT_BSUID') ids.parent ??= id.value;
  }
  const external =
    parseBsuid(f['ExternalUserId'], 'ExternalUserId') ??
    parseBsuid(f['ExternalUserIdentifier'], 'ExternalUserIdentifier');
  if (external !== null && ids.bsuid !== null && external !== ids.bsuid) {
    throw badInput('ExternalUserId', `disagrees with the BSUID in ${addressField}`);
  }
  return {
    phone: ids.phone,
    bsuid: external ?? ids.bsuid,
    parentBsuid: parseParentBsuid(f['ParentExternalUserId'], 'ParentExternalUserId') ?? ids.parent,
    userHandle: null,
    profileName: f['ProfileName']?.trim() || null,
  };
}

/** Twilio's `MessageType` when sent; older payloads are read from the fields they carry. */
function messageTypeOf(f: FormFields): string {
  if (f['MessageType']) return f['MessageType'];
  if (f['Latitude'] && f['Longitude']) return 'location';
  if (f['ButtonPayload'] || f['ButtonText']) return 'button';
  const media = f['MediaContentType0']?.split('/')[0];
  if (Number(f['NumMedia'] ?? '0') > 0 && media)
    return media === 'application' ? 'document' : media;
  return 'text';
}

function toDraft(f: FormFields): EventDraft {
  const sid = sidOf(f);
  if (!sid) throw badInput('MessageSid', 'is required');
  const status = f['MessageStatus'] ?? f['SmsStatus'] ?? null;
  const inbound = status === null || INBOUND_STATES.has(status);
  // The business address is checked like the user's: it names the portfolio and goes into
  // keys, so anything but a phone number (a BSUID, `True`, `-1234`) is refused, by field.
  const businessField = inbound ? 'To' : 'From';
  const business = parsePhone(f[businessField], businessField);
  if (business === null) throw badInput(businessField, 'is required: the business number');
  const base = {
    direction: inbound ? ('IN' as const) : ('OUT' as const),
    sourceField: null,
    // Twilio's message webhooks carry no event time; the split falls back to receipt time.
    occurredAt: null,
    wabaId: null,
    businessPhoneNumberId: business,
  };
  const user = userIdentity(f, inbound ? 'From' : 'To');
  if (inbound) {
    return makeDraft(
      { ...base, eventType: 'MESSAGE', idParts: ['message', sid] },
      { user, messageId: sid, messageType: messageTypeOf(f) },
    );
  }
  return makeDraft(
    { ...base, eventType: 'STATUS', idParts: ['status', sid, status] },
    { user, messageId: sid, status, errorCode: f['ErrorCode'] || null },
  );
}

export const twilioAdapter: ProviderAdapter = {
  name: 'twilio',
  matches(raw) {
    const f = asFormFields(raw);
    return (
      f !== null && sidOf(f) !== undefined && (f['From'] !== undefined || f['To'] !== undefined)
    );
  },
  unwrap(raw): ParsedDelivery {
    const f = asFormFields(raw);
    if (f === null) throw badInput('$', 'not Twilio form fields');
    return { drafts: [toDraft(f)], errors: [] };
  },
};
