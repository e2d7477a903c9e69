// @ts-check
import { errorBody } from "./errors.mjs";

/** The methods an App Router route can implement; anything else never reaches Next. */
export const APP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
/** What a page answers to (GET, HEAD, and POST for server actions). */
export const PAGE_ALLOW = "GET, HEAD, POST";

/** @param {string} pathname */
export function isApiPath(pathname) {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * A POST Next would take for a server action (a form body, or the action header). There are none under /api/; a form
 * POST to an /api/ path with no route would otherwise render the not-found page as an action (a 500).
 * @param {string} method
 * @param {import("node:http").IncomingHttpHeaders} headers
 */
export function isActionLikePost(method, headers) {
  const type = String(headers["content-type"] ?? "").toLowerCase();
  return (
    method === "POST" &&
    (headers["next-action"] !== undefined || type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded"))
  );
}

/**
 * The request URL with every path segment Next could not decode (`%ff`, a cut `%e2%82`) escaped as literal text
 * (`%25ff`), so the request routes normally and ends in the route's own 404 instead of the framework's 500.
 * @param {string} url
 */
export function sanitizeUrl(url) {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.includes("%")) return url;
  const segments = path.split("/").map((segment) => {
    try {
      decodeURIComponent(segment);
      return segment;
    } catch {
      return segment.replaceAll("%", "%25");
    }
  });
  return segments.join("/") + (q === -1 ? "" : url.slice(q));
}

/**
 * @typedef {import("node:http").ServerResponse} Res
 */

const KEPT_HEADERS = new Set(["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"]);

/**
 * Answers with the contract's error shape, through `via` (a response's own methods by default).
 * @param {Res} res
 * @param {number} status
 * @param {Record<string, string>} [headers]
 * @param {{ writeHead: Res["writeHead"], end: Res["end"] }} [via]
 */
export function sendError(res, status, headers = {}, via = res) {
  const body = errorBody(status);
  for (const name of res.getHeaderNames()) if (!KEPT_HEADERS.has(name)) res.removeHeader(name);
  /** @type {any} */ (via.writeHead).call(res, status, {
    ...headers,
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "Content-Length": String(Buffer.byteLength(body)),
  });
  /** @type {any} */ (via.end).call(res, body);
}

/**
 * Under /api/ every answer is JSON: when Next itself answers an error without a JSON body (an empty 405 or 400,
 * the HTML 404 or 500 page, a plain-text 500), the body is replaced by the contract's error shape. A 405 gets
 * the route's `Allow` header from `allow()`. Error bodies a route chose (JSON, OTLP protobuf, CSV) pass through.
 * @param {Res} res
 * @param {() => Promise<string>} allow
 */
export function guardApiResponse(res, allow) {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end, flushHeaders: res.flushHeaders };
  /** @type {boolean | null} */
  let replace = null;
  const decide = () => {
    if (replace !== null) return replace;
    const type = String(res.getHeader("content-type") ?? "");
    replace = res.statusCode >= 400 && (type === "" || type.startsWith("text/html") || type.startsWith("text/plain"));
    if (replace) {
      const status = res.statusCode;
      // Next's own writes are swallowed from here on; the replacement goes out through the original methods.
      const finish = (/** @type {Record<string, string>} */ headers) => sendError(res, status, headers, original);
      if (status === 405)
        allow().then(
          (a) => finish({ Allow: a }),
          () => finish({ Allow: APP_METHODS.join(", ") }),
        );
      else finish({});
    }
    return replace;
  };
  // Node routes write() and end() through writeHead(); intercepting all four catches every path Next takes.
  res.writeHead = /** @type {Res["writeHead"]} */ (
    function writeHead(/** @type {number} */ status, /** @type {any[]} */ ...rest) {
      res.statusCode = status;
      const headers = rest.find((r) => r && typeof r === "object" && !Array.isArray(r));
      if (headers) for (const [k, v] of Object.entries(headers)) if (v !== undefined) res.setHeader(k, v);
      if (decide()) return res;
      return /** @type {any} */ (original.writeHead).call(res, status, ...rest.filter((r) => typeof r === "string"));
    }
  );
  res.write = /** @type {Res["write"]} */ (
    function write(/** @type {any[]} */ ...args) {
      if (decide()) return true;
      return /** @type {any} */ (original.write).apply(res, args);
    }
  );
  res.end = /** @type {Res["end"]} */ (
    function end(/** @type {any[]} */ ...args) {
      if (decide()) return res;
      return /** @type {any} */ (original.end).apply(res, args);
    }
  );
  res.flushHeaders = function flushHeaders() {
    if (!decide()) original.flushHeaders.call(res);
  };
}
