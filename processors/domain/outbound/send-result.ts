// What the Cloud API answered to one of our sends, appended to the input log by the sender
// worker as {"sendResult": {…}} so it is applied in the portfolio's order and replayed like
// any input:
//   requestId, portfolioId, businessPhoneNumberId, at (epoch ms: when the answer came)
//   outcome     SENT (Meta accepted it) | FAILED (Meta refused it) | UNKNOWN (no answer:
//               a timeout or a crash mid-call; never sent again blindly)
//   routedVia   to | recipient, and `address`, the value the send used
//   messageId   Meta's wamid (SENT)
//   contact     {input, waId?, userId?}: Meta's contacts[0]; a userId next to a phone is
//               evidence linking them, as a webhook's is
//   error       {code, message} (FAILED), e.g. 131062
// It becomes a STATUS event of direction OUT (status accepted | failed | unknown, source
// field `send_response`), resolved like a status webhook: the same masking, contact-book
// evidence and export-log row, logged under the request id so it joins the request's row.
import type { EventDraft } from '../events/draft.js';
import { makeDraft } from '../events/draft.js';
import type { ErrorCode } from '../errors.js';
import { classifyIdentifier } from '../identifiers/identifiers.js';
import { isObject } from '../input/json-read.js';
import { readEpochMs, readObject, readString, type Problem } from '../input/problems.js';

export const SEND_RESPONSE_FIELD = 'send_response';
const OUTCOMES = ['SENT', 'FAILED', 'UNKNOWN'] as const;
export type SendOutcome = (typeof OUTCOMES)[number];

export interface SendResult {
  requestId: string;
  portfolioId: string;
  businessPhoneNumberId: string;
  at: number;
  outcome: SendOutcome;
  routedVia: 'to' | 'recipient';
  address: string;
  messageId: string | null;
  contact: { input: string | null; waId: string | null; userId: string | null } | null;
  error: { code: string; message: string | null } | null;
}

export type SendResultParse =
  { ok: true; result: SendResult } | { ok: false; code: ErrorCode; problems: Problem[] };

const PATH = 'sendResult';

function optString(obj: Record<string, unknown>, name: string, problems: Problem[], path: string) {
  const value = obj[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value !== '') return value;
  problems.push({ field: `${path}.${name}`, message: 'expected a non-empty string or null' });
  return null;
}

export function parseSendResult(raw: unknown): SendResultParse {
  const problems: Problem[] = [];
  const obj = readObject(raw, PATH, problems);
  if (obj === null) return { ok: false, code: 'WAI_BAD_INPUT', problems };
  const requestId = readString(obj, 'requestId', PATH, problems);
  const portfolioId = readString(obj, 'portfolioId', PATH, problems);
  const businessPhoneNumberId = readString(obj, 'businessPhoneNumberId', PATH, problems);
  const at = readEpochMs(obj, 'at', PATH, problems);
  const outcome = obj['outcome'];
  if (!OUTCOMES.includes(outcome as SendOutcome)) {
    problems.push({ field: `${PATH}.outcome`, message: `expected one of ${OUTCOMES.join(', ')}` });
  }
  const routedVia = obj['routedVia'];
  if (routedVia !== 'to' && routedVia !== 'recipient') {
    problems.push({ field: `${PATH}.routedVia`, message: 'expected to or recipient' });
  }
  const address = readString(obj, 'address', PATH, problems);
  const messageId = optString(obj, 'messageId', problems, PATH);
  let contact: SendResult['contact'] = null;
  if (obj['contact'] !== undefined && obj['contact'] !== null) {
    const c = readObject(obj['contact'], `${PATH}.contact`, problems);
    if (c !== null) {
      const path = `${PATH}.contact`;
      contact = {
        input: optString(c, 'input', problems, path),
        waId: optString(c, 'waId', problems, path),
        userId: optString(c, 'userId', problems, path),
      };
      if (contact.waId !== null && classifyIdentifier(contact.waId)?.kind !== 'PHONE') {
        problems.push({ field: `${path}.waId`, message: 'expected a phone number' });
      }
      if (contact.userId !== null && classifyIdentifier(contact.userId)?.kind !== 'BSUID') {
        problems.push({ field: `${path}.userId`, message: 'expected a BSUID (CC.…)' });
      }
    }
  }
  let error: SendResult['error'] = null;
  if (isObject(obj['error'])) {
    const e = obj['error'];
    const code = e['code'];
    if (typeof code !== 'string' && typeof code !== 'number') {
      problems.push({ field: `${PATH}.error.code`, message: 'expected Meta’s error code' });
    }
    error = { code: String(code), message: optString(e, 'message', problems, `${PATH}.error`) };
  }
  if (outcome === 'SENT' && messageId === null) {
    problems.push({ field: `${PATH}.messageId`, message: 'is required when outcome is SENT' });
  }
  if (outcome === 'FAILED' && error === null) {
    problems.push({ field: `${PATH}.error`, message: 'is required when outcome is FAILED' });
  }
  if (
    problems.length > 0 ||
    requestId === null ||
    portfolioId === null ||
    businessPhoneNumberId === null ||
    at === null ||
    address === null
  ) {
    return { ok: false, code: 'WAI_BAD_INPUT', problems };
  }
  return {
    ok: true,
    result: {
      requestId,
      portfolioId,
      businessPhoneNumberId,
      at,
      outcome: outcome as SendOutcome,
      routedVia: routedVia as 'to' | 'recipient',
      address,
      messageId,
      contact,
      error,
    },
  };
}

const STATUS: Record<SendOutcome, string> = {
  SENT: 'accepted',
  FAILED: 'failed',
  UNKNOWN: 'unknown',
};

/**
 * The STATUS draft of a send result. The user is who the send reached: the phone Meta
 * reports (`wa_id`), else the phone or BSUID the send addressed, with Meta's `user_id`.
 */
export function sendResultDraft(result: SendResult): EventDraft {
  const addressed = classifyIdentifier(result.address);
  const phone = result.contact?.waId ?? (addressed?.kind === 'PHONE' ? addressed.value : null);
  const bsuid = result.contact?.userId ?? (addressed?.kind === 'BSUID' ? addressed.value : null);
  const parentBsuid = addressed?.kind === 'PARENT_BSUID' ? addressed.value : null;
  return makeDraft(
    {
      eventType: 'STATUS',
      direction: 'OUT',
      sourceField: SEND_RESPONSE_FIELD,
      occurredAt: result.at,
      wabaId: null,
      businessPhoneNumberId: result.businessPhoneNumberId,
      idParts: [SEND_RESPONSE_FIELD, result.requestId],
    },
    {
      user: { phone, bsuid, parentBsuid, userHandle: null, profileName: null },
      messageId: result.messageId,
      status: STATUS[result.outcome],
      errorCode: result.error?.code ?? null,
      requestId: result.requestId,
    },
  );
}
