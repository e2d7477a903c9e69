import { type AllowedHost, isAllowedHost, normaliseHost } from "./allow-list";
import { ALWAYS_REFUSED, classifyAddress, isIpLiteral } from "./ip-ranges";

/** Names that always mean this machine or a cloud metadata service, whatever DNS says. */
const LOCAL_NAMES = [/^localhost$/, /\.localhost$/, /^localhost\.localdomain$/, /^ip6-localhost$/, /^ip6-loopback$/];
const METADATA_NAMES = [/^metadata\.google\.internal$/, /^metadata$/, /^instance-data(\.ec2\.internal)?$/];

export type UrlCheck =
  /** `allowListed`: the host is in the allow list, so private addresses are allowed for it. */
  { ok: true; url: URL; allowListed: boolean } | { ok: false; reason: string };

/**
 * The check every server-side request target passes before any DNS: an http(s) URL whose host is not a refused IP
 * literal or local/metadata name. WHATWG URL parsing runs first, so `http://2130706433/`, `http://0x7f.1/` and
 * `http://[::ffff:7f00:1]/` are checked as the loopback addresses they are. Names are checked again after
 * resolution, when the request is made (lib/net/outbound-request.ts).
 */
export function checkOutboundUrl(raw: string, allowed: readonly AllowedHost[]): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: "only http and https URLs are allowed" };
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL are not allowed" };
  const allowListed = isAllowedHost(url, allowed);
  const host = normaliseHost(url.hostname);
  const refusal = hostRefusal(host);
  if (refusal && !(allowListed && !ALWAYS_REFUSED.includes(refusal as never))) {
    return { ok: false, reason: `${host} is a ${refusal}` };
  }
  return { ok: true, url, allowListed };
}

function hostRefusal(host: string): string | null {
  if (isIpLiteral(host)) return classifyAddress(host);
  if (host === "") return "unspecified address";
  if (LOCAL_NAMES.some((r) => r.test(host))) return "loopback address";
  if (METADATA_NAMES.some((r) => r.test(host))) return "cloud metadata address";
  return null;
}

/** An address a name resolved to: refused unless the host is allow-listed (metadata and the like never are). */
export function resolvedAddressRefusal(address: string, allowListed: boolean): string | null {
  const refusal = classifyAddress(address);
  if (!refusal) return null;
  if (allowListed && !ALWAYS_REFUSED.includes(refusal)) return null;
  return refusal;
}
