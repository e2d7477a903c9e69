import { env } from "@/lib/env";
import { type AllowedHost, parseAllowedHosts } from "./allow-list";

let cached: { raw: string | undefined; hosts: AllowedHost[] } | undefined;

/** BURNRATE_WEBHOOK_ALLOWED_HOSTS, parsed (validated at start by lib/env.ts). */
export function allowedHosts(): AllowedHost[] {
  const raw = env().BURNRATE_WEBHOOK_ALLOWED_HOSTS;
  if (cached?.raw !== raw) cached = { raw, hosts: parseAllowedHosts(raw) };
  return cached.hosts;
}
