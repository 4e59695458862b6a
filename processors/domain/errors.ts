// Typed errors. One base class, a closed code union with the project prefix, `retriable`,
// and where it failed. Classification is total: anything unknown becomes WAI_INTERNAL,
// not retriable (a programmer error is never retried).

export type ErrorCode =
  | 'WAI_BAD_INPUT' // the record itself is malformed (JSON, shape, field)
  | 'WAI_BAD_IDENTIFIER' // a phone / BSUID / parent BSUID field fails validation
  | 'WAI_UNKNOWN_ENVELOPE' // no provider adapter recognizes the delivery
  | 'WAI_UNMAPPED_PORTFOLIO' // strict mode: WABA / phone-number id not in the portfolio map
  | 'WAI_MISROUTED' // an input-log record keyed by a portfolio it does not belong to
  | 'WAI_OUTBOUND_REJECTED' // an outbound request cannot be routed (e.g. Meta 131062)
  | 'WAI_LIMIT_EXCEEDED' // a record above a documented bound (bytes, nesting depth, items)
  | 'WAI_CONFIG' // configuration is invalid
  | 'WAI_SCHEMA' // Avro encode/decode or registry failure
  | 'WAI_BROKER' // Kafka client failure
  | 'WAI_TIMEOUT' // an operation exceeded its deadline
  | 'WAI_SHUTDOWN_TIMEOUT' // graceful shutdown exceeded its force timeout
  | 'WAI_INTERNAL'; // anything not classified: a bug

export interface SourcePosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface WaiErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** The input field or CLI/config argument at fault, when there is one. */
  field?: string;
  source?: SourcePosition;
}

export class WaiError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly field: string | undefined;
  readonly source: SourcePosition | undefined;

  constructor(code: ErrorCode, message: string, options: WaiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WaiError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.field = options.field;
    this.source = options.source;
  }
}

/** Total classification: a WaiError keeps its code; anything else is an internal error. */
export function toWaiError(err: unknown): WaiError {
  if (err instanceof WaiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new WaiError('WAI_INTERNAL', message, { cause: err });
}
