// @ts-check

/** Errors the HTTP server answers itself, before or around Next, in the contract's shape (lib/errors.ts codes). */
export const SERVER_ERRORS = /** @type {const} */ ({
  400: { code: "bad_request", message: "The request is malformed." },
  404: { code: "not_found", message: "There is nothing at this path." },
  405: { code: "method_not_allowed", message: "This method is not allowed here; see the Allow header." },
  408: { code: "request_timeout", message: "The request was not received in time." },
  413: { code: "payload_too_large", message: "The request is too large." },
  431: { code: "headers_too_large", message: "The request headers are too large." },
  500: { code: "internal_error", message: "Something went wrong on our side. The error has been logged." },
});

const REASONS = /** @type {Record<number, string>} */ ({
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Payload Too Large",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
});

/** @param {number} status */
export function errorBody(status) {
  const known = SERVER_ERRORS[/** @type {keyof typeof SERVER_ERRORS} */ (status)] ?? SERVER_ERRORS[status >= 500 ? 500 : 400];
  return JSON.stringify({ error: { code: known.code, message: known.message } });
}

/**
 * A whole HTTP/1.1 error response as bytes, for a socket whose request could not be parsed (no response object).
 * The answer to a HEAD request carries the headers only: a body there would corrupt the client's stream.
 * @param {number} status
 * @param {{ head?: boolean }} [options]
 */
export function rawErrorResponse(status, options = {}) {
  const body = errorBody(status);
  return [
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Error"}`,
    "Content-Type: application/json",
    "Cache-Control: no-store",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    "",
    options.head ? "" : body,
  ].join("\r\n");
}

/**
 * Whether the unparsable request began as a HEAD request (Node hands the bytes it read to clientError).
 * @param {unknown} err
 */
export function isHeadRequest(err) {
  const raw = /** @type {{ rawPacket?: unknown }} */ (err).rawPacket;
  return Buffer.isBuffer(raw) && raw.toString("latin1", 0, 5) === "HEAD ";
}

/**
 * The status a client error (unparsable request, timeout) is answered with.
 * @param {NodeJS.ErrnoException} err
 */
export function clientErrorStatus(err) {
  if (err.code === "HPE_HEADER_OVERFLOW") return 431;
  if (err.code === "ERR_HTTP_REQUEST_TIMEOUT" || err.code === "ERR_HTTP_HEADERS_TIMEOUT") return 408;
  if (err.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") return 413;
  return 400;
}
