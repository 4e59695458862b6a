// One `changes[]` element → drafts, dispatched on `field`. Items fail one by one: a bad
// status does not cost the other 49 in the same change their delivery.
import { own } from '../../input/own.js';
import type { EventDraft, ParsedDelivery } from '../../events/draft.js';
import { makeDraft } from '../../events/draft.js';
import { canonicalJson } from '../../identifiers/digest.js';
import { toWaiError } from '../../errors.js';
import {
  optArray,
  optObject,
  optString,
  requireObject,
  requireString,
} from '../../input/json-read.js';
import type { JsonObject } from '../../input/json-read.js';
import type { ContactIdentity } from './contacts.js';
import { readContacts } from './contacts.js';
import type { ChangeContext } from './context.js';
import { baseOf } from './context.js';
import { parseCall, parseCallStatus } from './calls.js';
import { parseEcho } from './echoes.js';
import { parseInboundMessage } from './messages.js';
import { parseStatus } from './statuses.js';
import { parseUserIdUpdate } from './user-id-update.js';
import { parseUserPreference } from './user-preferences.js';

type ItemParser = (
  raw: unknown,
  path: string,
  ctx: ChangeContext,
  contacts: readonly ContactIdentity[],
) => EventDraft;

/** For each known field, the arrays inside `value` that hold its items. */
const FIELDS: Readonly<Record<string, ReadonlyArray<readonly [string, ItemParser]>>> = {
  messages: [
    ['messages', parseInboundMessage],
    ['statuses', parseStatus],
  ],
  // Meta names the array `message_echoes`; tolerate `messages` as well.
  smb_message_echoes: [
    ['message_echoes', parseEcho],
    ['messages', parseEcho],
  ],
  user_preferences: [['user_preferences', parseUserPreference]],
  user_id_update: [['user_id_update', parseUserIdUpdate]],
  // Calling API: call events, and the statuses of calls the business placed.
  calls: [
    ['calls', parseCall],
    ['statuses', parseCallStatus],
  ],
};

export interface ChangeLocation {
  wabaId: string | null;
  /** JSON path of the change object. */
  path: string;
  fallbackTime: number | null;
}

export function parseChange(raw: unknown, loc: ChangeLocation): ParsedDelivery {
  const out: ParsedDelivery = { drafts: [], errors: [] };
  let value: JsonObject;
  let ctx: ChangeContext;
  let contacts: ContactIdentity[];
  try {
    const change = requireObject(raw, loc.path);
    const field = requireString(change, 'field', loc.path);
    const valuePath = `${loc.path}.value`;
    value = requireObject(change['value'], valuePath);
    const metadata = optObject(value, 'metadata', valuePath);
    ctx = {
      wabaId: loc.wabaId,
      businessPhoneNumberId: metadata
        ? optString(metadata, 'phone_number_id', `${valuePath}.metadata`)
        : null,
      field,
      path: valuePath,
      fallbackTime: loc.fallbackTime,
    };
    contacts = own(FIELDS, field) ? readContacts(value, valuePath) : [];
  } catch (err) {
    out.errors.push(toWaiError(err));
    return out;
  }

  for (const [arrayKey, parse] of own(FIELDS, ctx.field) ?? []) {
    let items: unknown[];
    try {
      items = optArray(value, arrayKey, ctx.path);
    } catch (err) {
      out.errors.push(toWaiError(err));
      continue;
    }
    items.forEach((item, i) => {
      try {
        out.drafts.push(parse(item, `${ctx.path}.${arrayKey}[${i}]`, ctx, contacts));
      } catch (err) {
        out.errors.push(toWaiError(err));
      }
    });
  }
  // An unknown field, or a known one holding none of the arrays we read: carried through.
  if (out.drafts.length === 0 && out.errors.length === 0)
    out.drafts.push(unknownChange(value, ctx));
  return out;
}

function unknownChange(value: JsonObject, ctx: ChangeContext): EventDraft {
  const raw = canonicalJson(value);
  let occurredAt: number | null = null;
  const ts = value['timestamp'];
  if (typeof ts === 'string' || typeof ts === 'number') {
    occurredAt = /^[0-9]{1,12}$/.test(String(ts)) ? Number(ts) * 1000 : null;
  }
  return makeDraft(baseOf(ctx, 'UNKNOWN', 'IN', occurredAt, ['field', ctx.field, raw]), {
    rawPayload: raw,
  });
}
