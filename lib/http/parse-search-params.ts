import type { z } from "zod";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { parseQuery } from "./parse-query";

/** What Next hands a page: a repeated key as a list. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/** A data table's own state in the URL (components/data-table): the browser's, never part of a screen's query. */
export const TABLE_PARAMS = ["sort", "page", "cols"] as const;

/** A Next.js `searchParams` object as URLSearchParams (repeated keys kept). */
export function toSearchParams(searchParams: PageSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  return params;
}

/** A page's query as a route handler reads it from `req.url`, without the table's keys. */
export function toUrlSearchParams(searchParams: PageSearchParams): URLSearchParams {
  const params = toSearchParams(searchParams);
  for (const key of TABLE_PARAMS) params.delete(key);
  return params;
}

/** The input `parseQuery` gets in a route handler (`Object.fromEntries(url.searchParams)`: the last of a repeated key). */
export function queryInput(searchParams: PageSearchParams): Record<string, string> {
  return Object.fromEntries(toUrlSearchParams(searchParams));
}

export type ParsedView<T> = { ok: true; view: T } | { ok: false; details: ErrorDetail[] };

/** Runs a query parser (the API route's own) for a page: a refused query becomes the invalid-link view's reasons. */
export function parsePageQuery<T>(parse: () => T): ParsedView<T> {
  try {
    return { ok: true, view: parse() };
  } catch (err) {
    if (err instanceof AppError && err.code === "invalid_query") return { ok: false, details: err.details ?? [] };
    throw err;
  }
}

/** Parses a page's query with `schema`, exactly as `parseQuery` does for a route. */
export function parseSearchParams<S extends z.ZodType>(schema: S, searchParams: PageSearchParams): ParsedView<z.infer<S>> {
  return parsePageQuery(() => parseQuery(schema, queryInput(searchParams)));
}
