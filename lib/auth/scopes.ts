export const API_SCOPES = ["ingest", "read", "export", "admin"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** `admin` is the superset scope: an admin key may call every API. */
export function hasScope(granted: readonly string[], needed: ApiScope): boolean {
  return granted.includes(needed) || granted.includes("admin");
}
