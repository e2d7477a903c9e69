import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The layer rules live in biome.json (run by `npm run lint` in `npm test`). These cases check the configuration
// itself: probe files laid out like the repository, linted with the repository's biome.json.
const root = path.resolve(import.meta.dirname, "..");
const probes: Record<string, string> = {
  "components/drizzle.ts": 'import { sql } from "drizzle-orm";\nexport const a = sql;\n',
  "app/(dashboard)/pg-core.ts": 'import { pgTable } from "drizzle-orm/pg-core";\nexport const a = pgTable;\n',
  "app/postgres.ts": 'import postgres from "postgres";\nexport const a = postgres;\n',
  "lib/spend/drizzle.ts": 'import { sql } from "drizzle-orm";\nexport const a = sql;\n',
  "db/drizzle.ts": 'import { sql } from "drizzle-orm";\nexport const a = sql;\n',
  "lib/spend/app-alias.ts": 'import { a } from "@/app/(dashboard)/spend/search-params";\nexport const b = a;\n',
  "components/ui/app-relative.ts": 'import { a } from "../../app/layout";\nexport const b = a;\n',
  "app/(dashboard)/spend/sibling.ts": 'import { a } from "./search-params";\nexport const b = a;\n',
  "lib/budgets/env.ts": "export const a = process.env.BURNRATE_X;\n",
  "app/api/probe/route.ts": "export const a = process.env.BURNRATE_X;\n",
  "components/env.tsx": "export const a = process.env.BURNRATE_X;\n",
  "db/env.ts": "export const a = process.env.BURNRATE_X;\n",
  "lib/env.ts": "export const a = process.env.BURNRATE_X;\n",
  "lib/budgets/open-db.ts": 'import { openDb } from "@/db";\nexport const a = openDb;\n',
  "app/api/open-db/route.ts": 'import { openDb } from "@/db";\nexport const a = openDb;\n',
  "lib/budgets/query-rows.ts": 'import { queryRows } from "@/db";\nexport const a = queryRows;\n',
  "lib/start.ts": 'import { openDb } from "@/db";\nexport const a = openDb;\n',
};
let found: Map<string, string[]>;

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), "burnrate-layers-"));
  cpSync(path.join(root, "biome.json"), path.join(dir, "biome.json"));
  for (const [file, text] of Object.entries(probes)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const biome = path.join(root, "node_modules", ".bin", "biome");
  const run = spawnSync(biome, ["lint", "--vcs-enabled=false", "--reporter=json", "--max-diagnostics=none", "."], {
    cwd: dir,
    encoding: "utf8",
  });
  rmSync(dir, { recursive: true, force: true });
  const json = run.stdout.split("\n").find((line) => line.startsWith("{"));
  const report = JSON.parse(json ?? "{}") as { diagnostics: { category: string; location: { path: string } }[] };
  found = new Map();
  for (const d of report.diagnostics) {
    const rule = d.category.match(/^lint\/style\/(noRestrictedImports|noProcessEnv)$/)?.[1];
    if (rule) found.set(d.location.path, [...(found.get(d.location.path) ?? []), rule]);
  }
});
afterAll(() => found.clear());

const rules = (file: string) => found.get(file) ?? [];

describe("layer rules", () => {
  it("only lib/ and db/ import Drizzle or open connections", () => {
    expect(rules("components/drizzle.ts")).toEqual(["noRestrictedImports"]);
    expect(rules("app/(dashboard)/pg-core.ts")).toEqual(["noRestrictedImports"]);
    expect(rules("app/postgres.ts")).toEqual(["noRestrictedImports"]);
    expect(rules("lib/spend/drizzle.ts")).toEqual([]);
    expect(rules("db/drizzle.ts")).toEqual([]);
  });

  it("nothing outside app/ imports app/", () => {
    expect(rules("lib/spend/app-alias.ts")).toEqual(["noRestrictedImports"]);
    expect(rules("components/ui/app-relative.ts")).toEqual(["noRestrictedImports"]);
    expect(rules("app/(dashboard)/spend/sibling.ts")).toEqual([]);
  });

  it("one database entry point: only lib/start.ts opens the app's database", () => {
    expect(rules("lib/budgets/open-db.ts")).toEqual(["noRestrictedImports"]);
    expect(rules("app/api/open-db/route.ts")).toEqual(["noRestrictedImports"]);
    expect(rules("lib/budgets/query-rows.ts")).toEqual([]);
    expect(rules("lib/start.ts")).toEqual([]);
  });

  it("only lib/env.ts reads process.env", () => {
    for (const file of ["lib/budgets/env.ts", "app/api/probe/route.ts", "components/env.tsx", "db/env.ts"]) {
      expect(rules(file), file).toEqual(["noProcessEnv"]);
    }
    expect(rules("lib/env.ts")).toEqual([]);
  });
});
