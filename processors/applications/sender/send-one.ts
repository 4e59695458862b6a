// One outbound request through the Cloud API: paced per business number, retried while Meta
// says it is throttled (it did not send it), and turned into the send result the input log
// records. A request without an answer (timeout) is UNKNOWN: never sent a second time.
import { retryDelayMs } from '../../domain/delivery/retry.js';
import type { OutboundRecord } from '../../domain/outbound/body.js';
import { isThrottled, nextSendAt } from '../../domain/outbound/send-policy.js';
import type { SendResult } from '../../domain/outbound/send-result.js';
import { sendMessage, type CloudApiAnswer } from '../../adapters/cloud-api/client.js';
import type { SenderSettings } from './sender-config.js';

export interface SendDeps {
  settings: SenderSettings;
  now: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** When each business number last sent (pacing), shared by every send. */
  lastSendAt: Map<string, number>;
  onThrottled?: (code: string, attempt: number) => void;
}

export function routeOf(record: OutboundRecord): {
  routedVia: 'to' | 'recipient';
  address: string;
} {
  const to = record.body.to;
  return typeof to === 'string' && to !== ''
    ? { routedVia: 'to', address: to }
    : { routedVia: 'recipient', address: record.body.recipient ?? '' };
}

export function resultOf(record: OutboundRecord, answer: CloudApiAnswer, at: number): SendResult {
  const base = {
    requestId: record.requestId,
    portfolioId: record.portfolioId,
    businessPhoneNumberId: record.businessPhoneNumberId,
    at,
    ...routeOf(record),
  };
  switch (answer.kind) {
    case 'sent':
      return {
        ...base,
        outcome: 'SENT',
        messageId: answer.messageId,
        contact: answer.contact,
        error: null,
      };
    case 'refused':
      return {
        ...base,
        outcome: 'FAILED',
        messageId: null,
        contact: null,
        error: { code: answer.code, message: answer.message },
      };
    case 'unknown':
      return {
        ...base,
        outcome: 'UNKNOWN',
        messageId: null,
        contact: null,
        error: { code: 'UNKNOWN', message: answer.reason },
      };
  }
}

async function paced(deps: SendDeps, numberId: string): Promise<void> {
  const now = deps.now();
  const at = nextSendAt(
    deps.lastSendAt.get(numberId) ?? null,
    now,
    deps.settings.messagesPerSecond,
  );
  deps.lastSendAt.set(numberId, at);
  if (at > now) await deps.sleep(at - now);
}

export async function sendOne(record: OutboundRecord, deps: SendDeps): Promise<SendResult> {
  // Meta echoes biz_opaque_callback_data in the status webhooks of this message.
  const body = { ...record.body, biz_opaque_callback_data: record.requestId };
  for (let attempt = 1; ; attempt++) {
    await paced(deps, record.businessPhoneNumberId);
    const answer = await sendMessage(deps.settings.api, record.businessPhoneNumberId, body);
    const throttled = answer.kind === 'refused' && isThrottled(answer.code);
    if (!throttled || attempt >= deps.settings.maxAttempts) {
      return resultOf(record, answer, deps.now());
    }
    deps.onThrottled?.(answer.code, attempt);
    await deps.sleep(
      retryDelayMs(attempt, answer.retryAfterMs, deps.settings.backoff, deps.random),
    );
  }
}
