/**
 * `GET /api/v1/spend` paging. A cursor is opaque to clients: it carries the offset of the next row in the contract's
 * (total) order and a fingerprint of the query it belongs to, so a cursor replayed with other parameters is refused
 * rather than answering a page of something else.
 */

export interface CursorQuery {
  from: string;
  to: string;
  groupBy: readonly string[];
  interval: string;
  filters: Partial<Record<string, readonly (string | number | boolean | null)[]>>;
}

/** FNV-1a over the canonical query: detects a mismatched cursor; not a secret. */
function fingerprint(q: CursorQuery): string {
  const filters = Object.entries(q.filters)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([d, v]) => [d, v]);
  const text = JSON.stringify([q.from, q.to, q.groupBy, q.interval, filters]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

const toBase64Url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function encodeCursor(q: CursorQuery, offset: number): string {
  return toBase64Url(`v1:${offset}:${fingerprint(q)}`);
}

/** The offset a cursor points at, or null when it is not a cursor of this query. */
export function decodeCursor(q: CursorQuery, cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const m = /^v1:(\d{1,9}):([0-9a-z]+)$/.exec(text);
  if (!m || m[2] !== fingerprint(q)) return null;
  return Number(m[1]);
}
