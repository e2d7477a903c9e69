/**
 * `npm run demo`: loads 90 days of deterministic demo data through the ingest code path (once, into an empty
 * database), then starts the production server. Without DATABASE_URL the data lives in embedded PGlite
 * under ./.data — seeding runs before the server starts, since a PGlite directory is one process's only.
 */
import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { openDb, queryRows } from "@/db";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { recordGithubDelivery } from "@/lib/github/record-delivery";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { replayDemoAlerts } from "./demo/alerts";
import { syncDemoCodingTools } from "./demo/coding-tools";
import { ensureDemoCustomers } from "./demo/customers";
import { generateDemoEvents, listDemoPullRequests } from "./demo/generate";
import { DEMO_MEMBERS, ensureDemoMembers } from "./demo/members";
import { ensureDemoPeople, generateToolIdentityEvents } from "./demo/people";
import { ensureDemoPlans } from "./demo/plans";
import { syncDemoProviderBill } from "./demo/provider-bill";
import { demoPullRequestDelivery } from "./demo/pull-requests";
import { SERVER_NODE_ARGS } from "./test/server";

const BATCH = 1000;

async function seed(): Promise<string> {
  const e = env();
  const handle = await openDb({ url: e.DATABASE_URL, dataDir: e.BURNRATE_DATA_DIR });
  try {
    const password = await ensureDemoMembers(handle.db);
    await ensureDemoPeople(handle.db);
    await ensureDemoPlans(handle.db, new Date());
    await ensureDemoCustomers(handle.db);
    const [row] = await queryRows<{ n: number | string }>(handle.db, sql`select count(*) as n from events`);
    if (Number(row?.n) > 0) {
      console.log(
        `Database already holds ${Number(row?.n).toLocaleString("en-US")} events; not seeding again (delete ${e.DATABASE_URL ? "the database" : e.BURNRATE_DATA_DIR} to start over).`,
      );
      return password;
    }
    const now = new Date();
    const started = Date.now();
    let batch: Record<string, unknown>[] = [];
    let total = 0;
    let accepted = 0;
    const flush = async () => {
      const result = await ingestEvents(systemContext(handle.db), batch, now);
      if (result.rejected.length > 0) throw new Error(`demo event rejected: ${JSON.stringify(result.rejected[0])}`);
      accepted += result.accepted;
      total += batch.length;
      batch = [];
      process.stdout.write(`\rLoading demo data: ${total.toLocaleString("en-US")} events`);
    };
    for (const event of generateDemoEvents({ now })) {
      batch.push(event as unknown as Record<string, unknown>);
      if (batch.length === BATCH) await flush();
    }
    // OpenTelemetry-only Claude Code usage under each person's account id (scripts/demo/people.ts).
    for (const event of generateToolIdentityEvents(now)) {
      batch.push(event);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    // Claude Code Analytics, Cursor and Copilot, through the sync's own code path from the fake vendor APIs.
    const tools = await syncDemoCodingTools(handle.db, now);
    if (tools?.status !== "ok") throw new Error(`demo coding-tool sync: ${JSON.stringify(tools?.providers.map((p) => p.error))}`);
    // OpenAI's and Anthropic's bills from their fake admin APIs, through the sync's code path: Reconciliation's gap.
    const bill = await syncDemoProviderBill(handle.db, now, 90);
    if (bill?.status !== "ok") throw new Error(`demo provider bill sync: ${JSON.stringify(bill?.providers.map((p) => p.error))}`);
    // The PRs those events point at, through the webhook's own code path (as GitHub would have delivered them).
    const prs = listDemoPullRequests({ now });
    for (const pr of prs) {
      const body = demoPullRequestDelivery(pr);
      await recordGithubDelivery(systemContext(handle.db, "demo"), {
        id: `demo-${pr.repo}-${pr.number}`,
        event: "pull_request",
        body,
        contentType: null,
      });
    }
    // The weekly review, Surfaces and the monthly rollup rows, folded now so the first screens show the whole demo.
    await foldAggregates(handle.db);
    // The alerts the evaluator would have raised over those 90 days (budgets, anomalies, the runaway session, quotas).
    const fired = await replayDemoAlerts(handle.db, now);
    console.log(
      `\rLoaded ${accepted.toLocaleString("en-US")} demo events (90 days), ${tools.rows.toLocaleString("en-US")} synced from Claude Code, Cursor and Copilot (30 days), ${prs.length} pull requests, the providers' bills, and ${fired.budget + fired.anomaly + fired.runaway + fired.quota} alerts in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return password;
  } finally {
    await handle.close();
  }
}

const password = await seed();
const port = process.env.PORT ?? "3000";
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, "scripts/server.mjs", "-p", port], {
  stdio: ["inherit", "pipe", "inherit"],
});
server.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!chunk.toString().includes("Ready")) return;
  const accounts = DEMO_MEMBERS.map((m) => `    ${m.role.padEnd(8)} ${m.email}`).join("\n");
  console.log(`\n  Burnrate demo is running at http://localhost:${port}\n\n  Sign in with password ${password} as:\n${accounts}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
