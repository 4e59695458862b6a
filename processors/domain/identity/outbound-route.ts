// The resolve step for an outbound request on its user's key. A phone `waid` is sent with
// `to`. A BSUID is sent with `to` when the masking rules let us know its phone (contact book,
// user share, recent exchange with this business number: Meta advises the phone), else with
// `recipient`. An authentication template without a phone is rejected (Meta 131062).
// Every request gets an export-log row; an accepted one is remembered so a retry is not sent twice.
import type { ContactEntry } from './entry.js';
import { freshEntry, hasSeen, rememberIds } from './entry.js';
import type { ResolverConfig } from './config.js';
import type { ExportLogRow } from './export-log.js';
import { ownBsuid } from './event-update.js';
import { forwardOrLoop } from './forward.js';
import { disclosePhone, identityFields, type Disclosure } from './masking.js';
import type { PortfolioSettings } from './portfolio.js';
import { dlqRecord, emptyResult, type StepResult } from './records.js';
import {
  isAuthenticationTemplate,
  META_ERROR_BSUID_NOT_SUPPORTED,
} from '../outbound/auth-template.js';
import { metaMessageBody, type Route } from '../outbound/body.js';
import type { OutboundRequest } from '../outbound/request.js';

export function stepOutbound(
  key: string,
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  item: { request: OutboundRequest; hops: number },
  config: ResolverConfig,
): StepResult {
  const { request } = item;
  if (entry?.supersededBy) {
    return forwardOrLoop(
      entry.supersededBy,
      { type: 'outbound', request, hops: item.hops + 1 },
      request,
    );
  }
  const dedupId = `outbound:${request.requestId}`;
  if (hasSeen(entry, dedupId)) return emptyResult();
  const { route, disclosure } = chooseRoute(entry, settings, request, config);
  const result = emptyResult();
  if (route.via === 'recipient' && isAuthenticationTemplate(request.message)) {
    const message = `Meta error ${META_ERROR_BSUID_NOT_SUPPORTED}: an authentication template needs the user's phone, and none is known for this BSUID`;
    result.outputs.push(
      dlqRecord(key, 'WAI_OUTBOUND_REJECTED', [{ field: 'outbound.waid', message }], request),
    );
    const row = logRow(entry, request, disclosure, null, 'rejected');
    result.outputs.push({
      topic: 'export-log',
      key,
      value: { ...row, errorCode: META_ERROR_BSUID_NOT_SUPPORTED },
    });
    return result;
  }
  const body = metaMessageBody(request.message, route);
  const value = {
    requestId: request.requestId,
    businessPhoneNumberId: request.businessPhoneNumberId,
    portfolioId: request.portfolioId,
    requestedAt: request.requestedAt,
    body,
  };
  result.outputs.push({ topic: 'outbound', key, value });
  result.outputs.push({
    topic: 'export-log',
    key,
    value: logRow(entry, request, disclosure, route, 'accepted'),
  });
  const remembered = rememberIds(
    entry ?? freshEntry(key, request.requestedAt),
    [dedupId],
    config.dedupMemorySize,
  );
  result.changes.push({ kind: 'upsert', key, entry: remembered });
  return result;
}

function chooseRoute(
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  request: OutboundRequest,
  config: ResolverConfig,
): { route: Route; disclosure: Disclosure } {
  if (request.waidKind === 'PHONE') {
    // The phone is part of this transaction, as a webhook's own phone is part of an event.
    return {
      route: { via: 'to', to: request.waid },
      disclosure: { phone: request.waid, phoneSource: 'WEBHOOK' },
    };
  }
  const ctx = {
    webhookPhone: null,
    businessPhoneNumberId: request.businessPhoneNumberId,
    at: request.requestedAt,
  };
  const disclosure = disclosePhone(entry, settings, ctx, config.recentInteractionWindowMs);
  if (disclosure.phone !== null) return { route: { via: 'to', to: disclosure.phone }, disclosure };
  return { route: { via: 'recipient', recipient: request.waid }, disclosure };
}

function logRow(
  entry: ContactEntry | undefined,
  request: OutboundRequest,
  disclosure: Disclosure,
  route: Route | null,
  status: 'accepted' | 'rejected',
): ExportLogRow {
  const known = entry === undefined ? null : ownBsuid(entry);
  const bsuid = request.waidKind === 'BSUID' ? request.waid : known;
  const parentBsuid =
    request.waidKind === 'PARENT_BSUID' ? request.waid : (entry?.parentBsuid ?? null);
  const { waid, waidSource } = identityFields(disclosure.phone, bsuid ?? parentBsuid);
  return {
    logId: request.requestId,
    loggedAt: request.requestedAt,
    direction: 'OUT',
    portfolioId: request.portfolioId,
    businessPhoneNumberId: request.businessPhoneNumberId,
    waid,
    waidSource,
    ...disclosure,
    bsuid,
    parentBsuid,
    userHandle: entry?.username ?? null,
    messageId: null,
    messageType: request.message.type,
    status,
    errorCode: null,
    routedVia: route?.via ?? null,
    eventType: 'REQUEST',
    // Stamped by the resolver once the request's input is applied (contact-id.ts).
    contactId: null,
    requestId: request.requestId,
    previousBsuid: null,
    previousPhone: null,
    preferenceCategory: null,
    preferenceValue: null,
    previousContactId: null,
  };
}
