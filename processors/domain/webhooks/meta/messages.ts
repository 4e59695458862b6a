// Inbound user messages on `field: "messages"`. The sender is `from` (phone, omitted when
// Meta withholds it) and `from_user_id` / `from_parent_user_id` (BSUIDs); the matching
// `contacts[]` entry adds the profile name and username.
import type { EventDraft } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { optEpochSeconds, requireObject, requireString } from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { probeIds, withContact } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';
import { rawIfUnknown } from './message-types.js';
import { readSharedContacts } from './shared-contacts.js';
import { parseSystemMessage } from './system.js';

export function parseInboundMessage(
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const msg = requireObject(raw, path);
  const type = requireString(msg, 'type', path);
  if (type === 'system') return parseSystemMessage(msg, path, ctx, contacts);
  const messageId = requireString(msg, 'id', path);
  // Ids are read (and refused) before the timestamp, so the first error is the user's ids.
  const user = withContact(probeIds(msg, path, 'from'), contacts);
  const occurredAt = optEpochSeconds(msg, 'timestamp', path);
  return makeDraft(baseOf(ctx, 'MESSAGE', 'IN', occurredAt, ['message', messageId]), {
    user,
    messageId,
    messageType: type,
    sharedContacts: type === 'contacts' ? readSharedContacts(msg, path) : null,
    rawPayload: rawIfUnknown(type, msg),
  });
}
