/** Set by proxy.ts on every request: the path and query, so a page can send an anonymous visitor to /login and back. */
export const REQUEST_PATH_HEADER = "x-burnrate-path";
