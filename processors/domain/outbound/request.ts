// Outbound send requests: {requestId, businessPhoneNumberId, waid, message, portfolioId?,
// requestedAt?}. `waid` holds a phone or a (parent) BSUID, told apart by shape; the
// portfolio comes from config when absent. Every invalid field is reported, each by name.
import type { ErrorCode } from '../errors.js';
import { classifyIdentifier, type IdentifierKind } from '../identifiers/identifiers.js';
import { readEpochMs, readObject, readString, type Problem } from '../input/problems.js';

/** Maps a business phone number id to its portfolio (requests that name none). */
export type PortfolioResolver = (businessPhoneNumberId: string) => string | null | undefined;

export type OutboundMessage = Record<string, unknown> & { type: string };

export interface OutboundRequest {
  requestId: string;
  businessPhoneNumberId: string;
  portfolioId: string;
  /** As sent, minus a channel prefix such as `whatsapp:`. */
  waid: string;
  waidKind: IdentifierKind;
  message: OutboundMessage;
  /** Event time of the request: its own field, else the time of the record that carried it. */
  requestedAt: number;
}

export type OutboundParse =
  { ok: true; request: OutboundRequest } | { ok: false; code: ErrorCode; problems: Problem[] };

/** Routing is ours: a request that addresses the user itself would bypass the rules. */
const UNMAPPED = 'absent, and the business phone number id maps to no portfolio';

const RESERVED_MESSAGE_FIELDS = ['to', 'recipient', 'messaging_product'];

export function parseOutboundRequest(
  raw: unknown,
  portfolioOf: PortfolioResolver,
  recordTimestamp?: number,
): OutboundParse {
  const problems: Problem[] = [];
  const obj = readObject(raw, 'outbound', problems);
  if (obj === null) return { ok: false, code: 'WAI_BAD_INPUT', problems };
  const requestId = readString(obj, 'requestId', 'outbound', problems);
  const bpn = readString(obj, 'businessPhoneNumberId', 'outbound', problems);
  if (bpn !== null && !/^[0-9]+$/.test(bpn)) {
    problems.push({
      field: 'outbound.businessPhoneNumberId',
      message: 'expected a numeric phone-number id',
    });
  }
  const waidText = readString(obj, 'waid', 'outbound', problems);
  const waid = waidText === null ? null : classifyIdentifier(waidText);
  if (waidText !== null && waid === null) {
    // The value is not echoed: it may be a malformed phone number.
    problems.push({
      field: 'outbound.waid',
      message: 'expected a phone (digits, optional +) or a BSUID (CC.<id>)',
    });
  }
  const message = readMessage(obj['message'], problems);
  const requestedAt =
    obj['requestedAt'] === undefined && recordTimestamp !== undefined
      ? recordTimestamp
      : readEpochMs(obj, 'requestedAt', 'outbound', problems);
  const portfolioId = readPortfolio(obj, bpn, portfolioOf, problems);
  const complete =
    requestId !== null &&
    bpn !== null &&
    waid !== null &&
    message !== null &&
    portfolioId !== null &&
    requestedAt !== null;
  if (problems.length > 0 || !complete) return { ok: false, code: codeFor(problems), problems };
  const request = {
    requestId,
    businessPhoneNumberId: bpn,
    portfolioId,
    waid: waid.value,
    waidKind: waid.kind,
    message,
    requestedAt,
  };
  return { ok: true, request };
}

function readMessage(value: unknown, problems: Problem[]): OutboundMessage | null {
  const message = readObject(value, 'outbound.message', problems);
  if (message === null) return null;
  const type = readString(message, 'type', 'outbound.message', problems);
  if (type !== null && readObject(message[type], `outbound.message.${type}`, problems) === null)
    return null;
  for (const field of RESERVED_MESSAGE_FIELDS) {
    if (field in message) {
      problems.push({
        field: `outbound.message.${field}`,
        message: 'must not be set: the recipient comes from waid',
      });
    }
  }
  return type === null ? null : { ...message, type };
}

function readPortfolio(
  obj: Record<string, unknown>,
  bpn: string | null,
  portfolioOf: PortfolioResolver,
  problems: Problem[],
): string | null {
  if (obj['portfolioId'] !== undefined) return readString(obj, 'portfolioId', 'outbound', problems);
  if (bpn === null) return null;
  const mapped = portfolioOf(bpn);
  if (mapped) return mapped;
  problems.push({ field: 'outbound.portfolioId', message: UNMAPPED });
  return null;
}

/** The most specific code when one problem explains the rejection, else bad input. */
function codeFor(problems: Problem[]): ErrorCode {
  const only = problems.length === 1 ? problems[0] : undefined;
  if (only?.message === UNMAPPED) return 'WAI_UNMAPPED_PORTFOLIO';
  if (only?.field === 'outbound.waid') return 'WAI_BAD_IDENTIFIER';
  return 'WAI_BAD_INPUT';
}
