// Reading Avro values back into domain types. Avro carries the domain's closed string unions
// (event type, sources, reasons) as plain strings, like the released data-stream schema does,
// so a reader checks them here: a value outside the union is a record this version cannot
// represent (from a newer writer, or corrupt) and fails with WAI_SCHEMA naming the field.
import type { ContactBookVia } from '../../../domain/identity/entry.js';
import type { LinkEvidence } from '../../../domain/identity/commands.js';
import type { RoutedVia, RowKind } from '../../../domain/identity/export-log.js';
import type {
  Direction,
  EventType,
  PhoneSource,
  ProviderName,
  WaidSource,
} from '../../../domain/events/event.js';
import type { IdentifierKind } from '../../../domain/identifiers/identifiers.js';
import { WaiError } from '../../../domain/errors.js';
import { isObject, type JsonObject } from '../../../domain/input/json-read.js';

/** Every member of a string union, checked complete by the compiler (a Record of all keys). */
function members<T extends string>(all: Record<T, true>): readonly T[] {
  return Object.keys(all) as T[];
}

export const EVENT_TYPES = members<EventType>({
  MESSAGE: true,
  STATUS: true,
  CALL: true,
  IDENTITY_CHANGE: true,
  USER_PREFERENCE: true,
  OUTBOUND: true,
  UNKNOWN: true,
});
export const DIRECTIONS = members<Direction>({ IN: true, OUT: true });
export const WAID_SOURCES = members<WaidSource>({ PHONE: true, BSUID: true, NONE: true });
export const PHONE_SOURCES = members<PhoneSource>({
  WEBHOOK: true,
  CONTACT_BOOK: true,
  RECENT_INTERACTION: true,
  USER_SHARED: true,
  NONE: true,
});
export const PROVIDERS = members<ProviderName>({
  meta: true,
  '8x8': true,
  twilio: true,
  ycloud: true,
});
export const ROUTES = members<RoutedVia>({ to: true, recipient: true });
export const ROW_KINDS = members<RowKind>({
  MESSAGE: true,
  STATUS: true,
  CALL: true,
  IDENTITY_CHANGE: true,
  USER_PREFERENCE: true,
  OUTBOUND: true,
  UNKNOWN: true,
  REQUEST: true,
});
export const CONTACT_BOOK_VIAS = members<ContactBookVia>({ INTERACTION: true, USER_SHARED: true });
export const LINK_REASONS = members<LinkEvidence['reason']>({
  PHONE_BSUID_PAIR: true,
  CONTACT_REQUEST: true,
});
export const IDENTIFIER_KINDS = members<IdentifierKind>({
  PHONE: true,
  BSUID: true,
  PARENT_BSUID: true,
});

export function schemaError(field: string, message: string): WaiError {
  return new WaiError('WAI_SCHEMA', `${field}: ${message}`, { field });
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw schemaError(field, `"${value}" is not one of ${allowed.join(', ')}`);
}

export function nullableOneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
  field: string,
): T | null {
  return value === null ? null : oneOf(value, allowed, field);
}

/** A field the domain requires but the schema leaves nullable (added with a null default). */
export function present<T>(value: T | null, field: string): T {
  if (value === null)
    throw schemaError(field, 'is null (a record written before the field existed?)');
  return value;
}

/** JSON text that must hold an object (a free-form message or body carried as text). */
export function parseJsonObject(text: string, field: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw schemaError(field, 'is not valid JSON');
  }
  if (!isObject(parsed)) throw schemaError(field, 'is not a JSON object');
  return parsed;
}
