/**
 * The whole test suite, as CI runs it: lint, typecheck, unit tests, database tests on PGlite and real
 * PostgreSQL, the production build, HTTP tests against the built server, and a Playwright smoke test in
 * Chromium. Starts a throwaway PostgreSQL when TEST_DATABASE_URL is not set and Debian's server is installed.
 */
import { spawnSync } from "node:child_process";
import { startThrowawayPostgres } from "./test/postgres-cluster";
import { freePort } from "./test/server";

const steps: { name: string; cmd: string[] }[] = [
  { name: "lint", cmd: ["npx", "biome", "check", "."] },
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "unit + database tests", cmd: ["npx", "vitest", "run", "--project", "unit", "--project", "db"] },
  { name: "build", cmd: ["npx", "next", "build"] },
  { name: "HTTP tests (built server)", cmd: ["npx", "vitest", "run", "--project", "http"] },
  { name: "browser smoke test (Playwright, Chromium)", cmd: ["npx", "playwright", "test"] },
];

const env = { ...process.env };
let stopPostgres: (() => void) | undefined;
if (!env.TEST_DATABASE_URL) {
  try {
    const pg = startThrowawayPostgres({ port: await freePort() });
    env.TEST_DATABASE_URL = pg.url;
    stopPostgres = pg.stop;
    console.log(`\n▶ throwaway PostgreSQL at ${pg.url}`);
  } catch (err) {
    if (env.CI) throw err;
    console.warn(`\n⚠ no PostgreSQL (${(err as Error).message}); database tests run on PGlite only`);
  }
}

const results: { name: string; ok: boolean; seconds: number }[] = [];
try {
  for (const step of steps) {
    console.log(`\n▶ ${step.name}: ${step.cmd.join(" ")}`);
    const started = Date.now();
    const r = spawnSync(step.cmd[0] as string, step.cmd.slice(1), { stdio: "inherit", env });
    results.push({ name: step.name, ok: r.status === 0, seconds: (Date.now() - started) / 1000 });
    if (r.status !== 0) break;
  }
} finally {
  stopPostgres?.();
}

console.log("\nSummary");
for (const r of results) console.log(`  ${r.ok ? "✔" : "✘"} ${r.name} (${r.seconds.toFixed(1)} s)`);
const failed = results.filter((r) => !r.ok).length + (steps.length - results.length);
console.log(`steps: ${steps.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
