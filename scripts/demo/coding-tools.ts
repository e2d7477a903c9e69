import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { claudeCodeSource } from "@/lib/coding-tools/claude-code/client";
import { copilotSource } from "@/lib/coding-tools/copilot/client";
import { cursorSource } from "@/lib/coding-tools/cursor/client";
import { runProviderSync, type SyncSummary } from "@/lib/providers/run-sync";
import { type FakePerson, generateToolDataset } from "../test/fake-tools/dataset";
import { startFakeClaudeCode, startFakeCopilot, startFakeCursor } from "../test/fake-tools/servers";
import { DAY_MS } from "./calendar";
import { githubLogin } from "./catalog";
import { DEMO_PEOPLE, UNMAPPED_DEMO_IDENTITIES } from "./people";

const DAYS = 30;
const KEY = "demo-vendor-key";
const ORG = "acme-demo";

/** Each demo person as the vendors name them: the Cursor email where they have one, the Copilot or GitHub login. */
function demoToolPeople(): FakePerson[] {
  return [
    ...DEMO_PEOPLE.map((p, i) => ({
      email: p.aliases.find((a) => a.kind === "cursor_email")?.value ?? p.email,
      login: p.aliases.find((a) => a.kind === "copilot_login")?.value ?? githubLogin(p.email),
      // Most on the Claude Team subscription, every third on API keys.
      subscription: i % 3 !== 2,
    })),
    // A contractor's accounts nobody has linked yet: Settings → People lists them.
    { email: UNMAPPED_DEMO_IDENTITIES[0], login: UNMAPPED_DEMO_IDENTITIES[1], subscription: false },
  ];
}

/**
 * The demo's Claude Code Analytics, Cursor and GitHub Copilot through the sync's own code path: the fake vendor APIs
 * (scripts/test/fake-tools, built from specs/) serve the last 30 days of the demo people's use, and runProviderSync
 * reads them as it reads the real ones — events, daily activity, the vendors' charges, seat plans, and the rule that
 * leaves out Analytics lines OpenTelemetry already reported. The sources' cursors are cleared after, so connecting a
 * real key later backfills from scratch (replacing these days).
 */
export async function syncDemoCodingTools(db: Db, now: Date): Promise<SyncSummary | null> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const data = generateToolDataset({ start: new Date(today - DAYS * DAY_MS), days: DAYS, people: demoToolPeople(), cursorEvents: 4 });
  const [claude, cursor, copilot] = await Promise.all([
    startFakeClaudeCode(data, { key: KEY }),
    startFakeCursor(data, { key: KEY }),
    startFakeCopilot(data, { token: KEY, org: ORG }),
  ]);
  try {
    const summary = await runProviderSync(systemContext(db, "demo"), {
      trigger: "manual",
      now,
      clients: [],
      sources: [
        claudeCodeSource({ apiKey: KEY, baseUrl: claude.url, trusted: true }),
        cursorSource({ apiKey: KEY, baseUrl: cursor.url, trusted: true }),
        copilotSource({ apiKey: KEY, baseUrl: copilot.url, org: ORG, trusted: true }),
      ],
      backfillDays: DAYS,
    });
    await db.execute(sql`delete from provider_sync_state where provider in ('claude-code', 'cursor', 'copilot')`);
    return summary;
  } finally {
    await Promise.all([claude.close(), cursor.close(), copilot.close()]);
  }
}
