// `field: "user_preferences"`: marketing stop/resume. The item carries `wa_id` and, since
// BSUIDs, `user_id` / `parent_user_id`; Meta's page does not pin where the BSUID sits, so
// it is read from the item or from the change's `contacts[]`.
import type { EventDraft } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { parseBsuid, parseParentBsuid, parsePhone } from '../../identifiers/identifiers.js';
import { optEpochSeconds, optString, requireObject } from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { withContact } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';

export function parseUserPreference(
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const item = requireObject(raw, path);
  const user = withContact(
    {
      phone: parsePhone(item['wa_id'], `${path}.wa_id`),
      bsuid: parseBsuid(item['user_id'], `${path}.user_id`),
      parentBsuid: parseParentBsuid(item['parent_user_id'], `${path}.parent_user_id`),
    },
    contacts,
  );
  const category = optString(item, 'category', path);
  const value = optString(item, 'value', path);
  const occurredAt = optEpochSeconds(item, 'timestamp', path);
  // No message id exists: the id is the preference itself, per user and business number.
  const idParts = [
    'preference',
    ctx.businessPhoneNumberId ?? ctx.wabaId ?? '',
    user.bsuid ?? user.phone ?? user.parentBsuid ?? '',
    category ?? '',
    value ?? '',
    String(occurredAt ?? ''),
  ];
  return makeDraft(baseOf(ctx, 'USER_PREFERENCE', 'IN', occurredAt, idParts), {
    user,
    preferenceCategory: category,
    preferenceValue: value,
  });
}
