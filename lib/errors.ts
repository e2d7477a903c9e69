export type ErrorCode =
  | "invalid_json"
  | "invalid_otlp"
  | "validation_failed"
  | "invalid_webhook_url"
  | "invalid_query"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unsupported_payload"
  | "rate_limited"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "bad_request"
  | "method_not_allowed"
  | "request_timeout"
  | "headers_too_large"
  | "conflict"
  | "alias_taken"
  | "raw_events_removed"
  | "database_unavailable"
  | "disabled"
  | "internal_error";

export interface ErrorDetail {
  path: string;
  message: string;
}

const STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  invalid_otlp: 400,
  validation_failed: 400,
  invalid_webhook_url: 400,
  invalid_query: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // A known sender's payload in a shape Burnrate refuses to guess at (LiteLLM's legacy v1 reprs).
  unsupported_payload: 422,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  // Answered by scripts/server.mjs (lib/server/errors.mjs) before or around Next.
  bad_request: 400,
  method_not_allowed: 405,
  request_timeout: 408,
  headers_too_large: 431,
  conflict: 409,
  alias_taken: 409,
  // What was asked needs raw events that retention removed (BURNRATE_RETENTION_MONTHS): gone for good.
  raw_events_removed: 410,
  database_unavailable: 503,
  disabled: 503,
  internal_error: 500,
};

/** The one error type `lib/` throws (a domain error: a code, a message, details); `lib/http/respond.ts` turns it into the contract's JSON shape and status. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
    this.status = STATUS[code];
  }
}
