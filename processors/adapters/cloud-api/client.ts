// The WhatsApp Cloud API's send endpoint, `POST {base}/{version}/{phone-number-id}/messages`
// with a bearer token, and what its answer means for the sender:
//   sent     200 with messages[0].id (Meta accepted it) and contacts[0] (input, wa_id, user_id)
//   refused  an error answer: Meta did not send it (code, subcode, message, Retry-After)
//   unknown  no answer (timeout, connection lost mid-call): it may or may not have been sent
// The token is only ever in the Authorization header, never in a log line or an error.
import { isObject } from '../../domain/input/json-read.js';

export interface CloudApiSettings {
  /** e.g. https://graph.facebook.com */
  baseUrl: string;
  /** e.g. v23.0 */
  version: string;
  token: string;
  timeoutMs: number;
}

export type CloudApiAnswer =
  | {
      kind: 'sent';
      messageId: string;
      contact: { input: string | null; waId: string | null; userId: string | null } | null;
    }
  | {
      kind: 'refused';
      httpStatus: number;
      code: string;
      subcode: string | null;
      message: string;
      retryAfterMs: number | null;
    }
  | { kind: 'unknown'; reason: string };

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function retryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** Reads an answer's body; exported for tests of the shapes. */
export function readAnswer(
  status: number,
  body: unknown,
  retryAfterHeader: string | null,
): CloudApiAnswer {
  if (status >= 200 && status < 300 && isObject(body)) {
    const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
    const first = messages[0];
    const messageId = isObject(first) ? str(first['id']) : null;
    if (messageId !== null) {
      const contacts = Array.isArray(body['contacts']) ? (body['contacts'] as unknown[]) : [];
      const c = contacts[0];
      const contact = isObject(c)
        ? { input: str(c['input']), waId: str(c['wa_id']), userId: str(c['user_id']) }
        : null;
      return { kind: 'sent', messageId, contact };
    }
    return { kind: 'unknown', reason: `HTTP ${status} without a message id` };
  }
  const error = isObject(body) && isObject(body['error']) ? body['error'] : null;
  if (error !== null && (typeof error['code'] === 'number' || typeof error['code'] === 'string')) {
    const subcode = error['error_subcode'];
    return {
      kind: 'refused',
      httpStatus: status,
      code: String(error['code']),
      subcode: typeof subcode === 'number' || typeof subcode === 'string' ? String(subcode) : null,
      message: str(error['message']) ?? `HTTP ${status}`,
      retryAfterMs: retryAfter(retryAfterHeader),
    };
  }
  // A gateway error without Meta's body: whether the send happened is not known.
  return { kind: 'unknown', reason: `HTTP ${status} without an error body` };
}

export async function sendMessage(
  settings: CloudApiSettings,
  phoneNumberId: string,
  body: Record<string, unknown>,
): Promise<CloudApiAnswer> {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const url = `${base}/${settings.version}/${encodeURIComponent(phoneNumberId)}/messages`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${settings.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (err) {
    // Before any answer: a refused connection was certainly not sent, anything later may be.
    const cause = (err as { cause?: { code?: unknown } }).cause;
    if (cause?.code === 'ECONNREFUSED') {
      return {
        kind: 'refused',
        httpStatus: 0,
        code: 'ECONNREFUSED',
        subcode: null,
        message: `cannot connect to ${base}`,
        retryAfterMs: null,
      };
    }
    const name = err instanceof Error ? err.name : 'error';
    return {
      kind: 'unknown',
      reason: name === 'TimeoutError' ? `no answer in ${settings.timeoutMs} ms` : name,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await res.text());
  } catch {
    parsed = null;
  }
  return readAnswer(res.status, parsed, res.headers.get('retry-after'));
}
