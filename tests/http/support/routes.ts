import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface AppRoute {
  kind: "page" | "route";
  /** The URL path with its dynamic segments as written in the tree, e.g. `/api/v1/budgets/[id]`. */
  path: string;
  /** Route handlers: the HTTP methods the file exports. Pages: GET. */
  methods: string[];
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Every page and route handler under app/, from the file tree (route groups left out of the path). */
export function discoverAppRoutes(dir = path.join(process.cwd(), "app"), segments: string[] = []): AppRoute[] {
  const found: AppRoute[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const isGroup = /^\(.+\)$/.test(entry.name);
      found.push(...discoverAppRoutes(file, isGroup ? segments : [...segments, entry.name]));
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
      found.push({ kind: "page", path: `/${segments.join("/")}`, methods: ["GET"] });
    } else if (/^route\.(ts|js)$/.test(entry.name)) {
      const source = readFileSync(file, "utf8");
      const exported = METHODS.filter((m) =>
        new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b|export\\s+(const\\s*)?\\{[^}]*\\b${m}\\b`).test(source),
      );
      found.push({ kind: "route", path: `/${segments.join("/")}`, methods: exported });
    }
  }
  return found;
}
