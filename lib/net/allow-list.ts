/** One `BURNRATE_WEBHOOK_ALLOWED_HOSTS` entry: a host as WHATWG URL spells it, and a port (null = any port). */
export interface AllowedHost {
  host: string;
  port: number | null;
}

/** The URL's port, the scheme's default when it has none. */
export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** Normalises a host the way URLs are normalised (case, trailing dot, odd IPv4 spellings), so entries and URLs compare. */
export function normaliseHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, "");
}

/**
 * Parses the comma list `host[:port]` (IPv6 in brackets: `[fd00::1]:8443`). Throws with the bad entry named, so a
 * typo stops the server at start instead of silently allowing nothing.
 */
export function parseAllowedHosts(value: string | undefined): AllowedHost[] {
  if (!value?.trim()) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(`http://${entry}`);
      } catch {
        throw new Error(`"${entry}" is not a host[:port]`);
      }
      if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) {
        throw new Error(`"${entry}" is not a host[:port]`);
      }
      const explicitPort = /:\d+$/.test(entry);
      return { host: normaliseHost(url.hostname), port: explicitPort ? Number(url.port || 80) : null };
    });
}

/** Whether the URL's host (and port, when the entry names one) is on the allow list. */
export function isAllowedHost(url: URL, allowed: readonly AllowedHost[]): boolean {
  const host = normaliseHost(url.hostname);
  const port = effectivePort(url);
  return allowed.some((a) => a.host === host && (a.port === null || a.port === port));
}
