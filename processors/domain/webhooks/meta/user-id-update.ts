// Legacy `field: "user_id_update"`: `user_id: { previous, current }` (and optionally
// `parent_user_id: { previous, current }`). Meta says since Aug 2026 it is not
// subscribable, but providers (8x8 CABM) still forward it, so it is read when it shows up.
import type { EventDraft } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { parseBsuid, parseParentBsuid, parsePhone } from '../../identifiers/identifiers.js';
import { badInput, optEpochSeconds, optObject, requireObject } from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { withContact } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';

export function parseUserIdUpdate(
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
): EventDraft {
  const item = requireObject(raw, path);
  const ids = optObject(item, 'user_id', path);
  const parents = optObject(item, 'parent_user_id', path);
  const current = ids ? parseBsuid(ids['current'], `${path}.user_id.current`) : null;
  const previous = ids ? parseBsuid(ids['previous'], `${path}.user_id.previous`) : null;
  if (current === null && previous === null) {
    throw badInput(`${path}.user_id`, 'needs `previous` or `current`');
  }
  const user = withContact(
    {
      phone: parsePhone(item['wa_id'], `${path}.wa_id`),
      bsuid: current,
      parentBsuid: parents
        ? parseParentBsuid(parents['current'], `${path}.parent_user_id.current`)
        : null,
    },
    contacts,
  );
  const occurredAt = optEpochSeconds(item, 'timestamp', path);
  const idParts = ['user_id_update', previous ?? '', current ?? '', String(occurredAt ?? '')];
  return makeDraft(baseOf(ctx, 'IDENTITY_CHANGE', 'IN', occurredAt, idParts), {
    user,
    messageType: 'user_id_update',
    previousBsuid: previous,
    previousParentBsuid: parents
      ? parseParentBsuid(parents['previous'], `${path}.parent_user_id.previous`)
      : null,
  });
}
