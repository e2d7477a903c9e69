import { env } from "@/lib/env";

/**
 * The client's address. scripts/server.mjs sets `X-Forwarded-For` to the socket address when no proxy is trusted, and
 * appends the socket address (the nearest proxy) when N are; each trusted proxy appends the address it saw. So
 * the client is the (N+1)-th entry from the right and cannot spoof it by sending its own header.
 */
export function clientIp(headers: Headers, trustedProxies = env().BURNRATE_TRUSTED_PROXIES): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? null;
}
