import Big from "big.js";
import { expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { recordGithubDelivery } from "@/lib/github/record-delivery";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPerson } from "@/lib/people/manage-people";
import { listSpend } from "@/lib/spend/list-spend";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { prDelivery } from "@/scripts/test/github-fixtures";
import { getExplorer, TOP_SERIES } from "./get-explorer";
import { parseExplorerQuery } from "./view";

const NOW = new Date("2026-11-22T12:00:00Z");
const q = (query: string) => parseExplorerQuery(new URLSearchParams(query), NOW);

describeEachDatabase("Spend explorer against known data", (t) => {
  const ctx = () => systemContext(t.handle.db);
  async function load(events: Record<string, unknown>[]) {
    const r = await ingestEvents(systemContext(t.handle.db), events, NOW);
    expect(r.rejected).toEqual([]);
  }

  it("rows carry exact per-unit figures and agree with GET /api/v1/spend", async () => {
    await load([
      makeEvent({
        timestamp: "2026-11-02T10:00:00Z",
        team: "platform",
        input_tokens: 1000,
        cache_read_tokens: 800,
        output_tokens: 100,
        cost_usd: "0.10",
      }),
      makeEvent({
        timestamp: "2026-11-03T10:00:00Z",
        team: "platform",
        input_tokens: 3000,
        cache_read_tokens: 0,
        output_tokens: 300,
        cost_usd: "0.20",
      }),
      makeEvent({ timestamp: "2026-11-03T11:00:00Z", team: "platform", input_tokens: 1000, output_tokens: 0, cost_usd: "0.0000000001" }),
      makeEvent({ timestamp: "2026-11-04T10:00:00Z", team: null, input_tokens: 0, output_tokens: 50, cost_usd: "0.70" }),
      makeEvent({ timestamp: "2026-10-31T23:59:59Z", team: "platform", cost_usd: "9" }), // before the range
    ]);
    const x = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-22&group_by=team"));
    expect(x.totals.cost_usd).toBe("1.0000000001");
    expect(x.groups).toBe(2);
    const [none, platform] = x.rows;
    expect(none).toMatchObject({
      values: [""],
      requests: 1,
      cost_usd: "0.7000000000",
      cost_per_request_usd: "0.7000000000",
      tokens_per_request: 50,
      cache_hit_rate: null, // no input tokens
    });
    expect(platform).toMatchObject({
      values: ["platform"],
      requests: 3,
      tokens: 5400,
      cost_usd: "0.3000000001",
      // 0.3000000001 / 3, exact to the stored scale (10 places), not a float.
      cost_per_request_usd: "0.1000000000",
      tokens_per_request: 1800,
      cache_hit_rate: 800 / 5000,
    });
    expect(platform?.share).toBeCloseTo(0.3, 9);
    expect(x.overall).toMatchObject({ requests: 4, cost_usd: "1.0000000001", cost_per_request_usd: "0.2500000000" });

    const api = await listSpend(ctx(), { from: "2026-11-01", to: "2026-11-22", groupBy: ["team"], interval: "none", filters: {} });
    expect(x.rows.map((r) => [r.values[0], r.requests, r.cost_usd, r.list_cost_usd])).toEqual(
      api.rows.map((r) => [r.team ?? "", r.requests, r.cost_usd, r.list_cost_usd]),
    );
  });

  it("charts the top groups and sums the rest into an exact 'other', with empty periods as zero", async () => {
    // Eight teams: team-1 spends 1.01, team-2 2.02 … team-8 8.08, each on its own day.
    const teams = Array.from({ length: 8 }, (_, i) => i + 1);
    await load(
      teams.map((n) =>
        makeEvent({ timestamp: `2026-11-${String(n + 1).padStart(2, "0")}T12:00:00Z`, team: `team-${n}`, cost_usd: `${n}.0${n}` }),
      ),
    );
    const x = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-10&group_by=team,model"));
    expect(x.interval).toBe("day");
    expect(x.series.map((s) => s.value)).toEqual(["team-8", "team-7", "team-6", "team-5", "team-4", "team-3", null]);
    expect(x.series).toHaveLength(TOP_SERIES + 1);
    expect(x.points.map((p) => p.period)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, "0")}`));
    const other = x.series.find((s) => s.value === null)?.key ?? "";
    expect(x.points.map((p) => p.values[other])).toEqual([
      "0.0000000000",
      "1.0100000000", // team-1 on the 2nd
      "2.0200000000", // team-2 on the 3rd
      ...Array(7).fill("0.0000000000"),
    ]);
    // Every period's series add up to that day's spend; all periods add up to the total.
    const sum = x.points.reduce((acc, p) => Object.values(p.values).reduce((a, v) => a.plus(v), acc), new Big(0));
    expect(sum.toFixed(10)).toBe(x.totals.cost_usd);
    expect(x.totals.cost_usd).toBe("36.3600000000");

    // Weekly buckets on request (ISO weeks: 26 Oct, 2 Nov, 9 Nov).
    const weekly = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-10&group_by=team&interval=week"));
    expect(weekly.points.map((p) => p.period)).toEqual(["2026-10-26", "2026-11-02", "2026-11-09"]);
  });

  it("filters narrow both the table and the chart; the environment list ignores filters", async () => {
    await load([
      makeEvent({ timestamp: "2026-11-05T10:00:00Z", team: "platform", environment: "production", cost_usd: "2" }),
      makeEvent({ timestamp: "2026-11-05T11:00:00Z", team: "platform", environment: "staging", cost_usd: "0.5" }),
      makeEvent({ timestamp: "2026-11-06T10:00:00Z", team: "growth", environment: "production", cost_usd: "1" }),
    ]);
    const x = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-22&group_by=team&environment=staging"));
    expect(x.rows.map((r) => [r.values[0], r.cost_usd])).toEqual([["platform", "0.5000000000"]]);
    expect(x.series.map((s) => s.value)).toEqual(["platform"]);
    expect(x.environments).toEqual(["production", "staging"]);
  });

  it("by repo, workflow, model or tool, rows carry cost per merged PR; other filters switch the column off", async () => {
    const body = JSON.parse(
      prDelivery("closed", {
        number: 7,
        merged: true,
        merged_at: "2026-11-10T00:00:00Z",
        closed_at: "2026-11-10T00:00:00Z",
        updated_at: "2026-11-10T00:00:00Z",
      }),
    );
    body.number = 7;
    body.repository.full_name = "acme/api";
    await recordGithubDelivery(ctx(), { id: "pr-7", event: "pull_request", body: JSON.stringify(body), contentType: null });
    await load([
      makeEvent({ timestamp: "2026-11-05T10:00:00Z", repo: "acme/api", pr: 7, workflow: "codegen", cost_usd: "3" }),
      makeEvent({ timestamp: "2026-11-05T11:00:00Z", repo: "acme/api", pr: 7, workflow: "review", cost_usd: "1" }),
      makeEvent({ timestamp: "2026-11-05T12:00:00Z", repo: "acme/api", workflow: "codegen", cost_usd: "10" }), // no PR
    ]);
    const byStep = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-22&group_by=workflow"));
    expect(byStep.mergedPrMetric).toBe(true);
    // The table's cost is every codegen call (13); per merged PR only the PR's own codegen calls count.
    expect(byStep.rows.map((r) => [r.values[0], r.cost_usd, r.cost_per_merged_pr_usd])).toEqual([
      ["codegen", "13.0000000000", "3.0000000000"],
      ["review", "1.0000000000", "1.0000000000"],
    ]);
    const byRepo = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-22&group_by=repo&repo=acme/api"));
    expect(byRepo.rows[0]?.cost_per_merged_pr_usd).toBe("4.0000000000");
    for (const query of ["group_by=workflow&team=platform", "group_by=team", "group_by=workflow,model"]) {
      const x = await getExplorer(ctx(), q(`from=2026-11-01&to=2026-11-22&${query}`));
      expect(x.mergedPrMetric).toBe(false);
      expect(x.rows.every((r) => r.cost_per_merged_pr_usd === undefined)).toBe(true);
    }
  });

  it("grouped by person, rows carry each person's name (their email is the value) and spend with no person is a row", async () => {
    const r = await ingestEvents(
      ctx(),
      [
        makeEvent({ timestamp: "2026-11-03T10:00:00Z", user: "RIA@acme.dev", cost_usd: "2" }),
        makeEvent({ timestamp: "2026-11-04T10:00:00Z", user: "ria-gh", cost_usd: "1" }),
        makeEvent({ timestamp: "2026-11-04T10:00:00Z", user: "stranger", cost_usd: "0.5" }),
      ],
      NOW,
    );
    expect(r.rejected).toEqual([]);
    await createPerson(ctx(), { name: "Ria Das", email: "ria@acme.dev", aliases: [{ kind: "github_login", value: "ria-gh" }] });
    const x = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-22&group_by=person"));
    expect(x.rows.map((row) => [row.values[0], row.cost_usd])).toEqual([
      ["ria@acme.dev", "3.0000000000"],
      ["", "0.5000000000"],
    ]);
    expect(x.names).toEqual({ "person\u0000ria@acme.dev": "Ria Das" });
  });
});
