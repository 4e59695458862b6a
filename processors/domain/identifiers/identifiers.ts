// WhatsApp user identifiers. Three kinds, told apart by shape alone:
//   BSUID          CC.<1-128 alphanumerics>       e.g. US.13491208655302741918
//   parent BSUID   CC.ENT.<1-128 alphanumerics>   e.g. US.ENT.11815799212886844830
//   phone (WAID)   digits with an optional leading '+', kept exactly as sent
// The shapes are disjoint ('.' and letters never occur in a phone), so no phone normalizer
// can ever touch a BSUID. A username is a display handle and never passes through here.
import { WaiError } from '../errors.js';
import { redact } from './redact.js';

export type IdentifierKind = 'PHONE' | 'BSUID' | 'PARENT_BSUID';

export interface Identifier {
  kind: IdentifierKind;
  /** The value after channel-prefix stripping, otherwise verbatim. */
  value: string;
}

// '.' is not alphanumeric, so `ENT.` can only be the parent marker: `US.ENT7` is a regular id.
const BSUID_RE = /^(?<cc>[A-Z]{2})\.(?<ent>ENT\.)?(?<id>[A-Za-z0-9]{1,128})$/;
// The same shapes apart, without groups: `test` allocates nothing (identifiers are checked
// several times per event).
const PLAIN_BSUID_RE = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;
const PARENT_BSUID_RE = /^[A-Z]{2}\.ENT\.[A-Za-z0-9]{1,128}$/;
// E.164 allows at most 15 digits; WhatsApp ids seen in the wild are never shorter than 5.
const PHONE_RE = /^\+?[0-9]{5,15}$/;
// Channel qualifiers providers put in front of an address: Twilio `whatsapp:`, Wati `Channel:`.
const CHANNEL_PREFIX_RE = /^[A-Za-z][A-Za-z0-9_-]*:/;

export function stripChannelPrefix(raw: string): string {
  return raw.trim().replace(CHANNEL_PREFIX_RE, '');
}

/** Classifies a raw address; null when it is neither a phone nor a (parent) BSUID. */
export function classifyIdentifier(raw: string): Identifier | null {
  const value = stripChannelPrefix(raw);
  if (PLAIN_BSUID_RE.test(value)) return { kind: 'BSUID', value };
  if (PARENT_BSUID_RE.test(value)) return { kind: 'PARENT_BSUID', value };
  if (PHONE_RE.test(value)) return { kind: 'PHONE', value };
  return null;
}

export function isBsuid(raw: string): boolean {
  return PLAIN_BSUID_RE.test(stripChannelPrefix(raw));
}

export function isParentBsuid(raw: string): boolean {
  return classifyIdentifier(raw)?.kind === 'PARENT_BSUID';
}

export function isPhone(raw: string): boolean {
  return classifyIdentifier(raw)?.kind === 'PHONE';
}

/** The ISO 3166 country prefix of a (parent) BSUID. */
export function bsuidCountry(bsuid: string): string | null {
  return BSUID_RE.exec(bsuid)?.groups?.['cc'] ?? null;
}

function absent(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function badIdentifier(field: string, raw: unknown, expected: string): WaiError {
  return new WaiError('WAI_BAD_IDENTIFIER', `${field}: ${redact(raw)} is not a valid ${expected}`, {
    field,
  });
}

/**
 * Reads an identifier field that must hold exactly `kind`. Absent (missing, null, blank)
 * gives null; present but malformed or of another kind is bad input naming the field.
 * Meta sends `wa_id` as a string, but some providers re-serialize phones as numbers.
 */
export function parseIdentifierField(
  raw: unknown,
  field: string,
  kind: IdentifierKind,
): string | null {
  if (absent(raw)) return null;
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
  const expected = kind === 'PHONE' ? 'phone' : kind === 'BSUID' ? 'BSUID' : 'parent BSUID';
  if (typeof text !== 'string') throw badIdentifier(field, raw, expected);
  const id = classifyIdentifier(text);
  if (id?.kind !== kind) throw badIdentifier(field, raw, expected);
  return id.value;
}

export const parsePhone = (raw: unknown, field: string): string | null =>
  parseIdentifierField(raw, field, 'PHONE');
export const parseBsuid = (raw: unknown, field: string): string | null =>
  parseIdentifierField(raw, field, 'BSUID');
export const parseParentBsuid = (raw: unknown, field: string): string | null =>
  parseIdentifierField(raw, field, 'PARENT_BSUID');

/** For fields documented to hold either kind (Twilio `From`/`To`): never a guess. */
export function parseAnyIdentifier(raw: unknown, field: string): Identifier | null {
  if (absent(raw)) return null;
  const id = typeof raw === 'string' ? classifyIdentifier(raw) : null;
  if (!id) throw badIdentifier(field, raw, 'phone or BSUID');
  return id;
}

/** A username is free text to us: trimmed, never validated as an identifier. */
export function parseUsername(raw: unknown): string | null {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
}
