/** Any fixed origin does: a `next` value is only kept when it resolves to this same origin. */
const DUMMY_ORIGIN = "http://burnrate.invalid";

/**
 * A post-login destination as a same-origin path + query, or "/". The value is resolved the way a browser
 * resolves a Location header (WHATWG URL: tabs and newlines dropped, `\` read as `/`), so `/%09/evil`,
 * `/\evil`, `//evil`, `https://evil` and `javascript:` all fail the origin check instead of being pattern-matched.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || value === "" || value.length > 2048) return "/";
  let url: URL;
  try {
    url = new URL(value, DUMMY_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== DUMMY_ORIGIN) return "/";
  // `/.//evil` normalises to the path `//evil`, which a browser would read as another host.
  if (!url.pathname.startsWith("/") || url.pathname.startsWith("//")) return "/";
  return url.pathname + url.search;
}

/** For Auth.js's `redirect` callback: the same rule for an absolute or relative URL against the app's base URL. */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let target: URL | null = null;
  try {
    target = new URL(url, base);
  } catch {
    target = null;
  }
  const path = target && target.origin === base.origin ? safeNextPath(target.pathname + target.search) : "/";
  return `${base.origin}${path}`;
}
