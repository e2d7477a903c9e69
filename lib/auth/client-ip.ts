import { env } from "@/lib/env";

/**
 * The client's address. Next fills `X-Forwarded-For` with the socket address when the header is absent; each
 * trusted reverse proxy appends the address it saw. With N trusted proxies the client is the (N+1)-th entry
 * from the right, so a client cannot spoof it by sending its own header through them.
 */
export function clientIp(headers: Headers, trustedProxies = env().BURNRATE_TRUSTED_PROXIES): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? null;
}
