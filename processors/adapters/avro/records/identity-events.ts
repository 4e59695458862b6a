// ResolveItem | BroadcastCommand ↔ identity-events v1: one nullable field per kind, exactly
// one set (see the schema's doc for why not a union). A record with none set comes from a
// newer writer with a kind this version does not know; it fails with WAI_SCHEMA, as does one
// with several set.
import type { BroadcastCommand, ResolveItem } from '../../../domain/identity/commands.js';
import type { IdentityEventV1 } from '../../../../schemas/whatsapp.identity.events-value/v1.js';
import { schemaError } from './checked.js';
import { contactEntryFromAvro, contactEntryToAvro } from './contact-entry.js';
import { evidenceFromAvro, evidenceToAvro } from './link-evidence.js';
import { normalizedEventFromAvro, normalizedEventToAvro } from './normalized-event.js';
import { outboundRequestFromAvro, outboundRequestToAvro } from './outbound-request.js';

export type IdentityEventValue = ResolveItem | BroadcastCommand;

/** One field per kind, named after the kind (`type`). */
type Kind = keyof IdentityEventV1;

const NONE: IdentityEventV1 = {
  event: null,
  outbound: null,
  linkPhone: null,
  absorb: null,
  supersede: null,
  releasePhone: null,
  deleteContact: null,
  purgeIfPointsTo: null,
  setContactBook: null,
  purgePortfolio: null,
};
const KINDS = Object.keys(NONE) as Kind[];

export function identityEventToAvro(value: IdentityEventValue): IdentityEventV1 {
  return { ...NONE, ...itemToAvro(value) };
}

function itemToAvro(v: IdentityEventValue): Partial<IdentityEventV1> {
  switch (v.type) {
    case 'event':
      return { event: { event: normalizedEventToAvro(v.event), hops: v.hops } };
    case 'outbound':
      return { outbound: { request: outboundRequestToAvro(v.request), hops: v.hops } };
    case 'linkPhone':
      return {
        linkPhone: {
          target: v.target,
          at: v.at,
          evidence: evidenceToAvro(v.evidence),
          handoverFrom: [...v.handoverFrom],
        },
      };
    case 'absorb':
      return {
        absorb: {
          source: v.source,
          snapshot: contactEntryToAvro(v.snapshot),
          announce: evidenceToAvro(v.announce),
          hops: v.hops,
        },
      };
    case 'supersede':
      return { supersede: { target: v.target, at: v.at, hops: v.hops } };
    case 'releasePhone':
      return { releasePhone: { phoneKey: v.phoneKey, at: v.at } };
    case 'deleteContact':
      return { deleteContact: { at: v.at, hops: v.hops } };
    case 'purgeIfPointsTo':
      return { purgeIfPointsTo: { targets: [...v.targets] } };
    case 'setContactBook':
      return { setContactBook: { enabled: v.enabled, at: v.at } };
    case 'purgePortfolio':
      return { purgePortfolio: { portfolioId: v.portfolioId, at: v.at } };
  }
}

export function identityEventFromAvro(v: IdentityEventV1): IdentityEventValue {
  const set = KINDS.filter((k) => v[k] !== null);
  if (set.length !== 1) {
    throw schemaError(
      'identity-events',
      set.length === 0
        ? 'no item kind this version knows is set (written by a newer version?)'
        : `exactly one item kind must be set, found ${set.join(', ')}`,
    );
  }
  return itemFromAvro(v, `identity-events.${set[0] as Kind}`);
}

function itemFromAvro(v: IdentityEventV1, field: string): IdentityEventValue {
  if (v.event) {
    const event = normalizedEventFromAvro(v.event.event, `${field}.event`);
    return { type: 'event', event, hops: v.event.hops };
  }
  if (v.outbound) {
    const request = outboundRequestFromAvro(v.outbound.request, `${field}.request`);
    return { type: 'outbound', request, hops: v.outbound.hops };
  }
  if (v.linkPhone) {
    const { target, at, handoverFrom } = v.linkPhone;
    const evidence = evidenceFromAvro(v.linkPhone.evidence, `${field}.evidence`);
    return { type: 'linkPhone', target, at, evidence, handoverFrom: [...handoverFrom] };
  }
  if (v.absorb) {
    const { source, hops } = v.absorb;
    const snapshot = contactEntryFromAvro(v.absorb.snapshot, `${field}.snapshot`);
    const announce = evidenceFromAvro(v.absorb.announce, `${field}.announce`);
    return { type: 'absorb', source, snapshot, announce, hops };
  }
  if (v.supersede) {
    const { target, at, hops } = v.supersede;
    return { type: 'supersede', target, at, hops };
  }
  if (v.releasePhone) {
    return { type: 'releasePhone', phoneKey: v.releasePhone.phoneKey, at: v.releasePhone.at };
  }
  if (v.deleteContact)
    return { type: 'deleteContact', at: v.deleteContact.at, hops: v.deleteContact.hops };
  if (v.purgeIfPointsTo)
    return { type: 'purgeIfPointsTo', targets: [...v.purgeIfPointsTo.targets] };
  if (v.setContactBook) {
    return { type: 'setContactBook', enabled: v.setContactBook.enabled, at: v.setContactBook.at };
  }
  if (v.purgePortfolio) {
    const { portfolioId, at } = v.purgePortfolio;
    return { type: 'purgePortfolio', portfolioId, at };
  }
  throw schemaError(field, 'unknown item kind');
}
