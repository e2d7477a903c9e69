// @ts-check
/**
 * The production server (`npm start`): Next's request handler behind a plain Node HTTP server that answers what
 * Next cannot in the contract's shape — unparsable requests (400), oversized headers (431), slow bodies (408),
 * methods no route implements (405 with Allow) — rewrites X-Forwarded-* to what is trustworthy, and escapes
 * undecodable path segments. Plain `node` (no TypeScript loader), as production installs no devDependencies.
 * Usage: node scripts/server.mjs [-p PORT] [-H HOSTNAME]
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { clientErrorStatus, isHeadRequest, rawErrorResponse } from "../lib/server/errors.mjs";
import { rewriteForwardedHeaders } from "../lib/server/forwarded.mjs";
import { APP_METHODS, guardApiResponse, isActionLikePost, isApiPath, PAGE_ALLOW, sanitizeUrl, sendError } from "../lib/server/screen.mjs";

/** @param {string[]} names */
function arg(names) {
  const i = process.argv.findIndex((a) => names.includes(a));
  return i === -1 ? undefined : process.argv[i + 1];
}

const port = Number(arg(["-p", "--port"]) ?? process.env.PORT ?? 3000);
const hostname = arg(["-H", "--hostname"]);
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const app = next({ dev: false, dir, hostname: hostname ?? "localhost", port });
// Runs instrumentation.ts register(): the environment is validated (a bad value exits non-zero) before listening.
await app.prepare();
/** Published by register() from the validated environment (lib/start.ts). */
const options = /** @type {{ trustedProxies: number, requestTimeoutMs: number }} */ (
  /** @type {any} */ (globalThis).__burnrateServerOptions ?? { trustedProxies: 0, requestTimeoutMs: 60_000 }
);
const handle = app.getRequestHandler();

const server = http.createServer(
  {
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: Math.min(options.requestTimeoutMs, 20_000),
    // An idle keep-alive connection is closed by the client or the proxy in front (load balancers idle out at 60 s),
    // not by us at Node's default 5 s: a close racing the client's next request on that socket resets the request.
    keepAliveTimeout: 65_000,
    connectionsCheckingInterval: 1000,
  },
  (req, res) => {
    const method = req.method ?? "GET";
    req.url = sanitizeUrl(req.url ?? "/");
    rewriteForwardedHeaders(req.headers, req.socket.remoteAddress, options.trustedProxies);
    const pathname = req.url.split("?")[0] ?? "/";
    const api = isApiPath(pathname);
    if (!APP_METHODS.includes(method)) {
      req.resume();
      if (!api) return sendError(res, 405, { Allow: PAGE_ALLOW });
      allowFor(pathname).then((allow) => sendError(res, 405, { Allow: allow }));
      return;
    }
    const dispatch = () => {
      if (api) guardApiResponse(res, () => allowFor(pathname));
      handle(req, res).catch((/** @type {unknown} */ err) => {
        console.error("[burnrate] request failed:", err);
        if (!res.headersSent) sendError(res, 500);
        else res.destroy();
      });
    };
    if (!api || !isActionLikePost(method, req.headers)) return dispatch();
    // Only where no route handler is (Next's OPTIONS answer is a 404): the request is answered 404 here.
    probeOptions(pathname).then((probe) => {
      if (probe.status !== 404) return dispatch();
      req.resume();
      sendError(res, 404);
    });
  },
);

server.on("clientError", (err, socket) => {
  const pending = /** @type {{ _httpMessage?: { headersSent?: boolean } }} */ (/** @type {unknown} */ (socket))._httpMessage;
  if (/** @type {NodeJS.ErrnoException} */ (err).code === "ECONNRESET" || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawErrorResponse(clientErrorStatus(err), { head: isHeadRequest(err) }));
});

/**
 * The methods the route at `pathname` implements, from Next's automatic OPTIONS answer (a loopback request).
 * @param {string} pathname
 */
async function allowFor(pathname) {
  const { status, allow } = await probeOptions(pathname);
  return status === 204 && allow ? allow : APP_METHODS.join(", ");
}

/**
 * Next's automatic OPTIONS answer for `pathname` (a loopback request): 204 with `Allow` where a route handler is.
 * @param {string} pathname
 * @returns {Promise<{ status: number, allow?: string }>}
 */
function probeOptions(pathname) {
  return new Promise((resolve) => {
    const address = server.address();
    if (!address || typeof address === "string") return resolve({ status: 0 });
    const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
    const probe = http.request({ host, port: address.port, method: "OPTIONS", path: pathname, timeout: 2000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, allow: typeof res.headers.allow === "string" ? res.headers.allow : undefined });
    });
    probe.on("error", () => resolve({ status: 0 }));
    probe.on("timeout", () => probe.destroy());
    probe.end();
  });
}

for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}

server.listen(port, hostname, () => {
  console.log(`[burnrate] Ready on http://${hostname ?? "localhost"}:${port}`);
});
