import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "@/db";
import { providerSyncRuns } from "@/db/schema";
import { systemContext } from "@/lib/auth/actor";
import { describeEachDatabase } from "@/scripts/test/databases";
import { expectedTotals, type FakeServer, generateDataset, startFakeAnthropic, startFakeOpenAi } from "@/scripts/test/fake-providers";
import { anthropicClient } from "./anthropic/client";
import type { RetryPolicy } from "./fetch-report";
import { openAiClient } from "./openai/client";
import { runProviderSync } from "./run-sync";

const NOW = new Date("2026-04-30T12:00:00Z");
const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 20, maxDelayMs: 3000, timeoutMs: 400 };
// April 2026: 29 days of usage, two of them empty; a default workspace (null) and Console usage (no key) included.
const data = generateDataset({
  start: new Date("2026-04-01T00:00:00Z"),
  days: 29,
  models: ["gpt-4.1-mini-2025-04-14", "o4-mini-2025-04-16", "claude-sonnet-4-5-20250929"],
  projects: ["proj_alpha", null],
  apiKeys: ["key_main", null],
  hours: [0, 5, 9, 13, 17, 23],
  emptyDays: [5, 6],
});
const expected = expectedTotals(data);

describeEachDatabase("provider sync", (t) => {
  let openai: FakeServer;
  let anthropic: FakeServer;
  beforeAll(async () => {
    openai = await startFakeOpenAi(data, { key: "sk-admin-good" });
    anthropic = await startFakeAnthropic(data, { key: "sk-ant-admin-good" });
  });
  afterAll(async () => {
    await openai.close();
    await anthropic.close();
  });
  const clients = (keys = { openai: "sk-admin-good", anthropic: "sk-ant-admin-good" }) => [
    openAiClient({ apiKey: keys.openai, baseUrl: `${openai.url}/v1`, trusted: true }, FAST),
    anthropicClient({ apiKey: keys.anthropic, baseUrl: anthropic.url, trusted: true }, FAST),
  ];
  const totals = async () =>
    queryRows<Record<string, string>>(
      t.handle.db,
      sql`select u.provider, u.rows, u.input, u.output, u.read, u.write, c.cost_rows, c.cost from
        (select provider, count(*)::text as rows, sum(input_tokens)::text as input, sum(output_tokens)::text as output,
           sum(cache_read_tokens)::text as read, sum(cache_write_tokens)::text as write from provider_usage group by provider) u
        join (select provider, count(*)::text as cost_rows, sum(cost_usd)::text as cost from provider_costs group by provider) c using (provider)
        order by 1`,
    );
  const costByDayModel = async (provider: string) =>
    new Map(
      (
        await queryRows<{ k: string; v: string }>(
          t.handle.db,
          sql`select day::text || '|' || model as k, trim_scale(sum(cost_usd))::text as v from provider_costs where provider = ${provider} group by 1`,
        )
      ).map((r) => [r.k, r.v]),
    );

  it("backfills 90 days from both providers over many pages, in our token convention, to the cent", async () => {
    const summary = await runProviderSync(systemContext(t.handle.db), { trigger: "manual", now: NOW, clients: clients() });
    expect(summary?.status).toBe("ok");
    expect(summary?.providers.map((p) => [p.provider, p.status, p.from])).toEqual([
      ["openai", "ok", "2026-01-30T00:00:00.000Z"],
      ["anthropic", "ok", "2026-01-30T00:00:00.000Z"],
    ]);
    // 90 days of hourly buckets at 168 a page: 13 usage pages each, every one followed.
    expect(openai.requests.filter((r) => r.includes("usage/completions")).length).toBe(13);
    expect(anthropic.requests.filter((r) => r.includes("usage_report/messages")).length).toBe(13);
    const rows = await totals();
    for (const r of rows) {
      expect(r).toMatchObject({
        input: String(expected.inputTokens),
        output: String(expected.outputTokens),
        read: String(expected.cacheReadTokens),
        write: String(expected.cacheWriteTokens),
      });
      expect(Number(r.cost)).toBeCloseTo(Number(expected.totalCost), 8);
    }
    for (const provider of ["openai", "anthropic"]) expect(await costByDayModel(provider)).toEqual(expected.costByDayModel);
    // Empty days stored nothing; web search has no model.
    expect(expected.costByDayModel.has("2026-04-06|gpt-4.1-mini-2025-04-14")).toBe(false);
    expect([...(await costByDayModel("openai")).keys()].filter((k) => k.endsWith("|")).length).toBe(27);

    // Re-running the whole range (cursor reset) and the incremental overlap both leave every total identical.
    await t.handle.db.execute(sql`delete from provider_sync_state`);
    await runProviderSync(systemContext(t.handle.db), { trigger: "manual", now: NOW, clients: clients() });
    expect(await totals()).toEqual(rows);
    const incremental = await runProviderSync(systemContext(t.handle.db), { trigger: "schedule", now: NOW, clients: clients() });
    expect(incremental?.providers[0]?.from).toBe("2026-04-27T00:00:00.000Z");
    expect(await totals()).toEqual(rows);
  });

  it("retries 429 (honouring Retry-After), 500s and a timeout; a rejected key fails only its own provider", async () => {
    openai.faults.push({ status: 429, retryAfter: 1, path: "usage" }, { status: 500 }, { hang: true, path: "costs" }, { status: 503 });
    const started = Date.now();
    const summary = await runProviderSync(systemContext(t.handle.db), {
      trigger: "cron",
      now: NOW,
      clients: clients({ openai: "sk-admin-good", anthropic: "sk-ant-admin-revoked" }),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(openai.faults).toEqual([]);
    expect(summary?.status).toBe("partial");
    const [o, a] = summary?.providers ?? [];
    expect(o?.status).toBe("ok");
    expect(a).toMatchObject({ status: "failed", usageRows: 0 });
    expect(a?.error).toMatch(/admin key was rejected \(401\)/);
    const rows = await totals();
    expect(rows.map((r) => r.provider)).toEqual(["openai"]);
    expect(rows[0]?.input).toBe(String(expected.inputTokens));
  });

  it("two workers asking at once: exactly one sync run", async () => {
    const [a, b] = await Promise.all([
      runProviderSync(systemContext(t.handle.db), { trigger: "schedule", now: NOW, clients: clients() }),
      runProviderSync(systemContext(t.handle.db), { trigger: "schedule", now: NOW, clients: clients() }),
    ]);
    expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    const runs = await t.handle.db.select({ status: providerSyncRuns.status }).from(providerSyncRuns);
    expect(runs).toEqual([{ status: "ok" }]);
  });
});
