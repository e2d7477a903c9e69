// @ts-check

/**
 * `X-Forwarded-*` as the app may trust them. With no trusted proxy (the default) every such header comes from the
 * client, so `X-Forwarded-For` becomes the socket address and client-sent host/proto/port are dropped (Next then
 * fills them from the connection). With N trusted proxies the socket address (the nearest proxy) is appended, so
 * lib/auth/client-ip.ts, reading the (N+1)-th entry from the right, names the client the first proxy saw.
 *
 * @param {import("node:http").IncomingHttpHeaders} headers changed in place
 * @param {string | undefined} socketAddress
 * @param {number} trustedProxies
 */
export function rewriteForwardedHeaders(headers, socketAddress, trustedProxies) {
  const address = socketAddress ?? "";
  if (trustedProxies <= 0) {
    delete headers["x-forwarded-host"];
    delete headers["x-forwarded-proto"];
    delete headers["x-forwarded-port"];
    if (address) headers["x-forwarded-for"] = address;
    else delete headers["x-forwarded-for"];
    return;
  }
  const sent = headers["x-forwarded-for"];
  const chain = (Array.isArray(sent) ? sent.join(",") : (sent ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (address) chain.push(address);
  if (chain.length > 0) headers["x-forwarded-for"] = chain.join(", ");
}
