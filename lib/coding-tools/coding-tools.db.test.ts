import Big from "big.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "@/db";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { usdString } from "@/lib/money";
import { listUnmapped } from "@/lib/people/unmapped";
import { ProviderError, type RetryPolicy } from "@/lib/providers/fetch-report";
import { getReconciliation } from "@/lib/providers/reconciliation";
import { runProviderSync } from "@/lib/providers/run-sync";
import { listWorkloadStats } from "@/lib/surfaces/workload-daily";
import { aggregatesAgainstEvents } from "@/scripts/test/aggregates";
import { describeEachDatabase } from "@/scripts/test/databases";
import type { FakeServer } from "@/scripts/test/fake-providers";
import { startFake } from "@/scripts/test/fake-providers/server";
import { expectedToolTotals, generateToolDataset, startFakeClaudeCode, startFakeCopilot, startFakeCursor } from "@/scripts/test/fake-tools";
import { toolActivityTotals } from "./activity";
import { claudeCodeSource } from "./claude-code/client";
import { copilotSource } from "./copilot/client";
import { cursorSource } from "./cursor/client";
import { getToolReconciliation } from "./reconciliation";
import type { ToolSource } from "./types";

const NOW = new Date("2026-09-30T12:00:00Z");
const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 20, maxDelayMs: 2000, timeoutMs: 2000 };
// September 1–29, 2026 (after AI credits replaced premium requests): 12 people on all three tools, the 10th day quiet.
const data = generateToolDataset({ start: new Date("2026-09-01T00:00:00Z"), days: 29, people: 12, cursorEvents: 4, quietDays: [9] });
const expected = expectedToolTotals(data);

describeEachDatabase("coding-tool sources", (t) => {
  let claude: FakeServer;
  let cursor: FakeServer;
  let copilot: FakeServer;
  beforeAll(async () => {
    claude = await startFakeClaudeCode(data, { key: "sk-ant-admin-good" });
    cursor = await startFakeCursor(data, { key: "key_cursor_good" });
    copilot = await startFakeCopilot(data, { token: "ghp_good", org: "acme-fixture" });
  });
  afterAll(async () => {
    await Promise.all([claude.close(), cursor.close(), copilot.close()]);
  });
  const sources = () => [
    claudeCodeSource({ apiKey: "sk-ant-admin-good", baseUrl: claude.url, trusted: true }, FAST),
    cursorSource({ apiKey: "key_cursor_good", baseUrl: cursor.url, trusted: true }, FAST),
    copilotSource({ apiKey: "ghp_good", baseUrl: copilot.url, org: "acme-fixture", trusted: true }, FAST),
  ];
  const sync = (now = NOW, backfillDays = 30, list = sources()) =>
    runProviderSync(systemContext(t.handle.db), { trigger: "manual", now, clients: [], sources: list, backfillDays });
  const byTool = async () =>
    queryRows<Record<string, string>>(
      t.handle.db,
      sql`select tool, count(*)::text as events, trim_scale(sum(cost_usd))::text as cost, trim_scale(sum(list_cost_usd))::text as list,
          sum(input_tokens)::text as input, count(distinct "user")::text as users
        from events group by tool order by tool`,
    );
  const ofTool = (rows: Record<string, string>[], tool: string) => rows.find((r) => r.tool === tool);

  it("backfills 30 days of all three vendors into events, activity, charges and plans, to the cent", async () => {
    const summary = await sync();
    expect(summary?.providers.filter((p) => p.error)).toEqual([]);
    expect(summary?.status).toBe("ok");
    expect(summary?.providers.map((p) => [p.provider, p.status, p.pages])).toEqual([
      ["claude-code", "ok", 31],
      ["cursor", "ok", 31],
      ["copilot", "ok", 31],
    ]);
    const rows = await byTool();
    // Claude Code: the estimate is metered cost for API actors and list cost for subscription actors; list = every estimate.
    expect(ofTool(rows, "claude-code")?.list).toBe(expected.claudeUsd);
    expect(ofTool(rows, "claude-code")?.input).toBe(String(expected.claudeInputTokens));
    // Cursor: every event, chargedCents / 100 as list value; only Usage-based is metered.
    expect(ofTool(rows, "cursor")?.events).toBe(String(expected.cursorEvents));
    expect(ofTool(rows, "cursor")?.list).toBe(expected.cursorUsd);
    expect(ofTool(rows, "cursor")?.cost).toBe(expected.cursorOnDemandUsd);
    // Copilot: gross credits as list value, the billed part as metered cost, the unattributed org line included.
    expect(ofTool(rows, "copilot")?.list).toBe(expected.copilotUsd);
    expect(ofTool(rows, "copilot")?.cost).toBe(expected.copilotBilledUsd);
    const [errors] = await queryRows<{ n: string }>(
      t.handle.db,
      sql`select count(*)::text as n from events where tool = 'cursor' and status = 'error'`,
    );
    expect(Number(errors?.n)).toBe(data.cursor.filter((e) => e.kind.startsWith("Errored")).length);
    // Rollups agree with the events.
    for (const check of await aggregatesAgainstEvents(t.handle.db)) expect(check.stored, check.table).toEqual(check.expected);
    // Charges: Cursor's on-demand per day, Copilot's seat and credit lines (Actions left out).
    const charges = await queryRows<{ provider: string; cost: string }>(
      t.handle.db,
      sql`select provider, trim_scale(sum(cost_usd))::text as cost from provider_costs group by provider order by 1`,
    );
    expect(charges.find((c) => c.provider === "cursor")?.cost).toBe(expected.cursorOnDemandUsd);
    const [lines] = await queryRows<{ skus: string[] }>(
      t.handle.db,
      sql`select array_agg(distinct line_item order by line_item) as skus from provider_costs where provider = 'copilot'`,
    );
    expect(lines?.skus).toEqual(["Copilot AI Credits", "Copilot Business"]);
    // Activity: one row per person-day per tool (Copilot: who the metrics report lists).
    const activity = await queryRows<{ source: string; n: string; prs: string }>(
      t.handle.db,
      sql`select source, count(*)::text as n, sum(pull_requests)::text as prs from tool_activity group by 1 order by 1`,
    );
    expect(activity.find((a) => a.source === "claude-code")).toEqual({
      source: "claude-code",
      n: String(data.claude.length),
      prs: String(data.claude.reduce((s, r) => s + r.prs, 0)),
    });
    // Seats became plans.
    const plans = await queryRows<{ name: string; source: string; seats: number; fee: string }>(
      t.handle.db,
      sql`select name, source, seats, trim_scale(fee_per_seat_usd)::text as fee from plans order by name`,
    );
    expect(plans).toEqual([
      { name: "Claude Team", source: "claude-code", seats: 6, fee: "30" },
      { name: "Cursor Teams", source: "cursor", seats: 12, fee: "40" },
      { name: "GitHub Copilot Business", source: "copilot", seats: 13, fee: "19" },
    ]);
  });

  it("re-reads the same days to identical totals, and an incremental run reads only the overlap", async () => {
    await sync();
    const first = await byTool();
    await t.handle.db.execute(sql`delete from provider_sync_state`);
    await sync();
    expect(await byTool()).toEqual(first);
    for (const check of await aggregatesAgainstEvents(t.handle.db)) expect(check.stored, check.table).toEqual(check.expected);
    const before = claude.requests.length;
    const later = await sync(new Date("2026-09-30T18:00:00Z"));
    expect(later?.providers.map((p) => p.from.slice(0, 10))).toEqual(["2026-09-27", "2026-09-27", "2026-09-27"]);
    expect(claude.requests.slice(before).map((r) => new URL(r, "http://x").searchParams.get("starting_at"))).toEqual([
      "2026-09-27",
      "2026-09-28",
      "2026-09-29",
      "2026-09-30",
    ]);
    expect(await byTool()).toEqual(first);
  });

  it("names seat holders through people and aliases, and lists the rest as unmapped", async () => {
    await t.handle.db.execute(
      sql`insert into people (name, email) values ('Dev Zero', 'dev000@acme.example'), ('Dev One', 'dev001@acme.example')`,
    );
    await t.handle.db.execute(sql`insert into person_aliases (kind, value, person_id)
      select 'copilot_login', 'dev001-gh', id from people where email = 'dev001@acme.example'`);
    const summary = await sync();
    const seats = Object.fromEntries((summary?.providers ?? []).map((p) => [p.provider, p.seats]));
    expect(seats.cursor).toEqual({ plan: "Cursor Teams", seats: 12, holders: 2, unmapped: 10 });
    expect(seats.copilot).toEqual({ plan: "GitHub Copilot Business", seats: 13, holders: 1, unmapped: 12 });
    expect(seats["claude-code"]).toEqual({ plan: "Claude Team", seats: 6, holders: 1, unmapped: 5 });
    // The identities no person has are listed unmapped: an idle Copilot seat with no usage, and each user its sync reported
    // named by its tool and alias kind, with its spend (once, not again as a plain event user).
    const unmapped = await listUnmapped(systemContext(t.handle.db), 90, NOW);
    expect(unmapped.find((u) => u.value === "idle-seat-gh")).toMatchObject({ kind: "copilot_login", source: "copilot", requests: 0 });
    const dev2 = unmapped.filter((u) => u.value === "dev002-gh");
    expect(dev2).toHaveLength(1);
    expect(dev2[0]).toMatchObject({ kind: "copilot_login", source: "copilot", last_seen: "2026-09-29" });
    expect(dev2[0]?.requests).toBeGreaterThan(0);
    // Listed by Claude's and Cursor's seats, used in both: one row, linked as an email for every tool at once.
    expect(unmapped.filter((u) => u.value === "dev002@acme.example").map((u) => u.kind)).toEqual(["email"]);
    expect(unmapped.some((u) => u.value === "dev001-gh" || u.value === "dev000@acme.example")).toBe(false);
    // An admin's fee stays; the seat count follows the vendor.
    await t.handle.db.execute(sql`update plans set fee_per_seat_usd = 21, seats = 99 where source = 'copilot'`);
    await sync();
    const [copilotPlan] = await queryRows<{ seats: number; fee: string }>(
      t.handle.db,
      sql`select seats, trim_scale(fee_per_seat_usd)::text as fee from plans where source = 'copilot'`,
    );
    expect(copilotPlan).toEqual({ seats: 13, fee: "21" });
  });

  it("reconciles each day's charges with the metered spend, and splits it by person for a day", async () => {
    await t.handle.db.execute(
      sql`insert into people (name, email) values ('Dev Zero', 'dev000@acme.example'), ('Dev One', 'dev001@acme.example')`,
    );
    await t.handle.db.execute(sql`insert into person_aliases (kind, value, person_id)
      select 'copilot_login', 'dev001-gh', id from people where email = 'dev001@acme.example'`);
    expect((await sync())?.status).toBe("ok");
    const ctx = systemContext(t.handle.db);
    const rec = await getToolReconciliation(ctx, { from: "2026-09-01", to: "2026-09-30" });
    const sum = (tool: string, field: "charged_usage_usd" | "charged_seats_usd" | "attributed_usd" | "unattributed_usd" | "gap_usd") =>
      rec.days
        .filter((d) => d.tool === tool)
        .reduce((s, d) => s.plus(d[field] ?? 0), new Big(0))
        .toFixed();
    // Every usage charge is explained by a named user's metered events (the org line of no one was all included).
    expect(sum("cursor", "charged_usage_usd")).toBe(expected.cursorOnDemandUsd);
    expect(sum("cursor", "attributed_usd")).toBe(expected.cursorOnDemandUsd);
    expect(sum("copilot", "charged_usage_usd")).toBe(expected.copilotBilledUsd);
    expect(sum("copilot", "attributed_usd")).toBe(expected.copilotBilledUsd);
    expect(rec.days.filter((d) => d.tool !== "claude-code").every((d) => new Big(d.gap_usd ?? "x").eq(0))).toBe(true);
    // Claude Code Analytics reports estimates, not charges: its metered part is attributed, nothing is charged.
    expect(rec.days.filter((d) => d.tool === "claude-code").every((d) => d.charged_usage_usd === null && d.gap_usd === null)).toBe(true);
    expect(sum("claude-code", "attributed_usd")).toBe(new Big(expected.claudeUsd).minus(expected.claudeSubscriptionUsd).toFixed());
    // Copilot's seat lines are seats, not usage: 13 seats × $19 a day's share of September.
    expect(rec.days.find((d) => d.tool === "copilot" && d.date === "2026-09-02")?.charged_seats_usd).toBe(
      usdString(new Big(13 * 19).div(30).round(9)),
    );
    expect(sum("cursor", "charged_seats_usd")).toBe("0");
    // What the Pull requests screen sets beside its merged-PR join: each vendor's counts, — where it reports none.
    const activity = await toolActivityTotals(ctx, { from: "2026-09-01", to: "2026-09-30" });
    expect(activity.find((a) => a.source === "claude-code")).toMatchObject({
      people: 12,
      pull_requests: data.claude.reduce((n, r) => n + r.prs, 0),
      commits: data.claude.reduce((n, r) => n + r.commits, 0),
    });
    expect(activity.find((a) => a.source === "copilot")).toMatchObject({ people: 12, pull_requests: null, commits: null });
    expect(activity.find((a) => a.source === "cursor")?.sessions).toBeNull();
    // Surfaces reads Claude Code's and Copilot's lines as daily totals (no timing to classify by), Cursor's as calls.
    await foldAggregates(t.handle.db);
    const workloads = await listWorkloadStats(ctx, { firstDay: "2026-09-01", lastDay: "2026-09-30" });
    for (const w of workloads) expect(w.dailyTotals, `${w.tool} ${w.model}`).toBe(w.tool === "cursor" ? 0 : w.requests);
    expect(new Set(workloads.map((w) => w.tool))).toEqual(new Set(["claude-code", "cursor", "copilot"]));
    // The API providers' reconciliation (and /api/v1/reconciliation) keeps to OpenAI's and Anthropic's bills.
    expect((await getReconciliation(ctx, { from: "2026-09-01", to: "2026-09-30" })).totals.reported_cost_usd).toBe("0.0000000000");
    // The quiet day has no usage, only Copilot's seats.
    expect(rec.days.filter((d) => d.date === "2026-09-10").map((d) => [d.tool, d.attributed_usd])).toEqual([["copilot", "0.0000000000"]]);

    // One day by person: dev000 is a person (email), dev001 through the Copilot login alias; dev002's identities link to no one.
    const day = "2026-09-03";
    const perDay = await getToolReconciliation(ctx, { from: "2026-09-01", to: "2026-09-30", day });
    const devCursor = data.cursor.filter((e) => e.email === "dev000@acme.example" && new Date(e.ms).toISOString().startsWith(day));
    const row = perDay.people.find((p) => p.tool === "cursor" && p.person === "dev000@acme.example");
    expect(row?.metered_usd).toBe(
      usdString(
        devCursor
          .filter((e) => e.kind === "Usage-based")
          .reduce((s, e) => s.plus(e.chargedCents), new Big(0))
          .div(100),
      ),
    );
    expect(row?.requests).toBe(devCursor.length);
    const copilotDev1 = data.copilot.filter((c) => c.login === "dev001-gh" && c.day === day);
    expect(perDay.people.find((p) => p.tool === "copilot" && p.person === "dev001@acme.example")?.included_usd).toBe(
      usdString(new Big(copilotDev1.reduce((s, c) => s + c.discounted, 0)).div(100)),
    );
    expect(perDay.people.find((p) => p.tool === "copilot" && p.identity === "dev002-gh")?.person).toBeNull();
    expect(perDay.people.some((p) => p.identity === "dev001-gh")).toBe(false);
  });

  it("leaves out Claude Code Analytics lines of an actor's day that OpenTelemetry already reported", async () => {
    const ctx = systemContext(t.handle.db);
    const otel = await ingestEvents(
      ctx,
      [
        {
          id: "otel-1",
          timestamp: "2026-09-05T10:00:00Z",
          provider: "anthropic",
          model: "claude-sonnet-4-5-20250929",
          agent: "claude-code",
          user: "DEV002@acme.example",
          input_tokens: 100,
          output_tokens: 10,
          session: "s-1",
        },
      ],
      NOW,
    );
    expect(otel.accepted).toBe(1);
    const summary = await sync(NOW, 30, [claudeCodeSource({ apiKey: "sk-ant-admin-good", baseUrl: claude.url, trusted: true }, FAST)]);
    const dev2Day = data.claude.find((r) => r.email === "dev002@acme.example" && r.day === "2026-09-05");
    expect(summary?.providers[0]?.skippedOverlap).toBe(dev2Day?.models.length);
    const rows = await queryRows<{ n: string; synced: string }>(
      t.handle.db,
      sql`select count(*)::text as n, count(sync_source)::text as synced from events
        where lower("user") = 'dev002@acme.example' and "timestamp"::date = '2026-09-05'`,
    );
    expect(rows[0]).toEqual({ n: "1", synced: "0" });
    // The other days of that actor, and the activity of that day, are kept.
    const [kept] = await queryRows<{ days: string; activity: string }>(
      t.handle.db,
      sql`select (select count(distinct "timestamp"::date) from events where "user" = 'dev002@acme.example' and sync_source = 'claude-code')::text as days,
        (select count(*) from tool_activity where identity = 'dev002@acme.example' and day = '2026-09-05')::text as activity`,
    );
    expect(kept).toEqual({ days: "27", activity: "1" });
  });

  it("waits out a 429 (Retry-After honoured) and resumes a run that failed midway without duplicates", async () => {
    cursor.faults.push({ path: "filtered-usage-events", status: 429, retryAfter: 0 }, { path: "daily-usage-data", status: 503 });
    const ok = await sync(NOW, 30, [cursorSource({ apiKey: "key_cursor_good", baseUrl: cursor.url, trusted: true }, FAST)]);
    expect(ok?.providers[0]?.status).toBe("ok");
    expect(ofTool(await byTool(), "cursor")?.events).toBe(String(expected.cursorEvents));
    await t.handle.db.execute(
      sql`truncate events, event_ids, provider_sync_state, event_rollup_daily, event_rollup_daily_core, event_rollup_daily_repo_tool`,
    );
    // A run that dies after ten days keeps them and its cursor stands at their end; the next run resumes from there.
    const real = cursorSource({ apiKey: "key_cursor_good", baseUrl: cursor.url, trusted: true }, FAST);
    const dying: ToolSource = {
      ...real,
      async *days(from, to) {
        let n = 0;
        for await (const d of real.days(from, to)) {
          if (++n > 10) throw new ProviderError("connection reset");
          yield d;
        }
      },
    };
    const died = await sync(NOW, 30, [dying]);
    expect(died?.providers[0]).toMatchObject({ status: "failed", error: "connection reset", pages: 10 });
    const [state] = await queryRows<{ to: string }>(
      t.handle.db,
      sql`select synced_to::date::text as to from provider_sync_state where provider = 'cursor'`,
    );
    expect(state?.to).toBe("2026-09-10");
    const resumed = await sync(NOW, 30, [real]);
    expect(resumed?.providers[0]?.from.slice(0, 10)).toBe("2026-09-07");
    expect(ofTool(await byTool(), "cursor")).toMatchObject({ events: String(expected.cursorEvents), list: expected.cursorUsd });
    for (const check of await aggregatesAgainstEvents(t.handle.db)) expect(check.stored, check.table).toEqual(check.expected);
  });

  it("fails the run naming the field when a vendor answers a wrong type, and keeps what it had", async () => {
    const bad = await startFake(
      (url) => {
        if (url.pathname !== "/v1/organizations/usage_report/claude_code") return { status: 404, body: {} };
        const good = data.claude.find((r) => r.day === url.searchParams.get("starting_at"));
        return {
          status: 200,
          body: {
            data: [
              {
                date: `${good?.day}T00:00:00Z`,
                actor: { type: "user_actor", email_address: "x@acme.example" },
                customer_type: "api",
                core_metrics: {
                  num_sessions: "6",
                  lines_of_code: { added: 1, removed: 0 },
                  commits_by_claude_code: 0,
                  pull_requests_by_claude_code: 0,
                },
                model_breakdown: [],
              },
            ],
            has_more: false,
            next_page: null,
          },
        };
      },
      { authorized: () => true, error: (_s, type, message) => ({ type: "error", error: { type, message } }) },
    );
    try {
      const summary = await sync(NOW, 30, [claudeCodeSource({ apiKey: "k", baseUrl: bad.url, trusted: true }, FAST)]);
      expect(summary?.status).toBe("failed");
      expect(summary?.providers[0]?.error).toMatch(
        /^Claude Code Analytics answered an unexpected shape: data\[0\]\.core_metrics\.num_sessions: .*number/,
      );
      const [n] = await queryRows<{ n: string }>(t.handle.db, sql`select count(*)::text as n from events`);
      expect(n?.n).toBe("0");
    } finally {
      await bad.close();
    }
  });

  it("says which permission a rejected Copilot token lacks", async () => {
    const summary = await sync(NOW, 30, [
      copilotSource({ apiKey: "ghp_wrong", baseUrl: copilot.url, org: "acme-fixture", trusted: true }, FAST),
    ]);
    expect(summary?.providers[0]?.error).toMatch(/lacks permission for Copilot billing \(403\).*manage_billing:copilot/);
  });

  it("keeps a closed month's synced days as the close froze them", async () => {
    await sync();
    const [before] = await queryRows<{ cost: string }>(
      t.handle.db,
      sql`select sum(list_cost_usd)::text as cost from events where tool = 'cursor'`,
    );
    await t.handle.db.execute(
      sql`insert into month_closes (month, closed_at, closed_by, snapshot, plans) values ('2026-09', now(), 'test', '{}'::jsonb, '[]'::jsonb)`,
    );
    await t.handle.db.execute(sql`delete from provider_sync_state`);
    const again = await sync(NOW, 30, [cursorSource({ apiKey: "key_cursor_good", baseUrl: cursor.url, trusted: true }, FAST)]);
    expect(again?.providers[0]?.usageRows).toBe(0);
    const [after] = await queryRows<{ cost: string }>(
      t.handle.db,
      sql`select sum(list_cost_usd)::text as cost from events where tool = 'cursor'`,
    );
    expect(after?.cost).toBe(before?.cost);
  });
});
