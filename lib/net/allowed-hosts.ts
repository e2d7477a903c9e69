import { env } from "@/lib/env";
import { type AllowedHost, parseAllowedHosts } from "./allow-list";

/** BURNRATE_WEBHOOK_ALLOWED_HOSTS, parsed (lib/env.ts validates it, so a bad entry stops the server at start). */
export function allowedHosts(): AllowedHost[] {
  return parseAllowedHosts(env().BURNRATE_WEBHOOK_ALLOWED_HOSTS);
}
