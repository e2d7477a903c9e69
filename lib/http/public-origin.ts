import "server-only";
import { env } from "@/lib/env";

/**
 * The URL people and tools reach this app at: AUTH_URL when set, else rebuilt from the request's Host
 * (and X-Forwarded-Host / -Proto from a proxy in front). For display in setup instructions.
 */
export function publicOrigin(headers: Headers): string {
  const configured = env().AUTH_URL;
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || "localhost:3000";
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}
