import type { PageSearchParams } from "@/lib/http/parse-search-params";

/** Calls per page of a session's table (its chart and totals always cover every call). */
export const CALLS_PER_PAGE = 50;

export type CallsPage = { all: true } | { all: false; page: number; pages: number };

/** `?page=N` (1-based; out of range or malformed reads as the nearest page) or `?page=all`. */
export function readCallsPage(searchParams: PageSearchParams, calls: number): CallsPage {
  const raw = searchParams.page;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === "all") return { all: true };
  const pages = Math.max(1, Math.ceil(calls / CALLS_PER_PAGE));
  const n = /^\d+$/.test(value ?? "") ? Number(value) : 1;
  return { all: false, page: Math.min(Math.max(n, 1), pages), pages };
}
