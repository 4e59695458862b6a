// `smb_message_echoes`: messages the business sent from the WhatsApp Business app
// (coexistence). `from` is the business number; the user is `to` / `to_user_id`.
import type { EventDraft } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { optEpochSeconds, requireObject, requireString } from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { probeIds, withContact } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';
import { rawIfUnknown } from './message-types.js';

export function parseEcho(
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const msg = requireObject(raw, path);
  const messageId = requireString(msg, 'id', path);
  const type = requireString(msg, 'type', path);
  // Ids are read (and refused) before the timestamp, so the first error is the user's ids.
  const user = withContact(probeIds(msg, path, 'to'), contacts);
  const occurredAt = optEpochSeconds(msg, 'timestamp', path);
  return makeDraft(baseOf(ctx, 'OUTBOUND', 'OUT', occurredAt, ['echo', messageId]), {
    user,
    messageId,
    messageType: type,
    rawPayload: rawIfUnknown(type, msg),
  });
}
