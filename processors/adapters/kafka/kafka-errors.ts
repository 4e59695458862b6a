// What a failed Kafka call means for the batch that made it. Classification is total:
//   fenced    another producer holds this partition's transactional id (a newer owner, or our
//             transaction expired): drop the partition, never retry with this producer;
//   fatal     retrying cannot help (a bug or misconfiguration): stop the stage;
//   retriable anything else from the client (broker down, timeouts, coordinator moves):
//             abort, roll back, back off, replay.
// Errors that are not kafkajs errors are ours; toWaiError makes those WAI_INTERNAL (fatal).
import { toWaiError, WaiError } from '../../domain/errors.js';

export type FailureKind = 'fenced' | 'fatal' | 'retriable';

export interface ClassifiedFailure {
  kind: FailureKind;
  error: WaiError;
}

const FENCED = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_PRODUCER_ID_MAPPING',
  'TRANSACTIONAL_ID_NOT_FOUND',
]);

/** Protocol errors that no retry fixes: record too big, no rights, bad settings, bad topic. */
const FATAL = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_TRANSACTION_TIMEOUT',
  'UNSUPPORTED_VERSION',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
]);

// kafkajs reports code 90 (PRODUCER_FENCED, newer than the client) as an unknown error.
const PRODUCER_FENCED_CODE = 90;

/** One error of a chain, with the fields kafkajs and Node put on theirs. */
export interface KafkaErrorLink {
  name?: unknown;
  type?: unknown;
  code?: unknown;
  retriable?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/**
 * The error and its causes, at most 8 (kafkajs wraps retried errors in
 * KafkaJSNumberOfRetriesExceeded, and a connection error in `originalError`).
 */
export function chain(err: unknown): KafkaErrorLink[] {
  const out: KafkaErrorLink[] = [];
  let e: unknown = err;
  while (e !== null && typeof e === 'object' && out.length < 8) {
    const k = e as KafkaErrorLink;
    out.push(k);
    e = k.cause ?? k.originalError;
  }
  return out;
}

export function isKafkaJsError(err: unknown): boolean {
  return chain(err).some((e) => typeof e.name === 'string' && e.name.startsWith('KafkaJS'));
}

export function classifyKafkaFailure(err: unknown, context: string): ClassifiedFailure {
  if (err instanceof WaiError) return { kind: err.retriable ? 'retriable' : 'fatal', error: err };
  const links = chain(err);
  const types = links.flatMap((e) => (typeof e.type === 'string' ? [e.type] : []));
  const message = `${context}: ${toWaiError(err).message}`;
  if (types.some((t) => FENCED.has(t)) || links.some((e) => e.code === PRODUCER_FENCED_CODE))
    return { kind: 'fenced', error: new WaiError('WAI_BROKER', message, { cause: err }) };
  if (!isKafkaJsError(err)) {
    const error = new WaiError('WAI_INTERNAL', message, { cause: err });
    return { kind: 'fatal', error };
  }
  if (types.some((t) => FATAL.has(t)))
    return { kind: 'fatal', error: new WaiError('WAI_BROKER', message, { cause: err }) };
  return {
    kind: 'retriable',
    error: new WaiError('WAI_BROKER', message, { retriable: true, cause: err }),
  };
}
