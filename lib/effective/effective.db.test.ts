import Big from "big.js";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { expect, it } from "vitest";
import { foldAggregates } from "@/lib/aggregates/fold";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { getExplorer } from "@/lib/explorer/get-explorer";
import { ExportInput } from "@/lib/export/schemas";
import { exportMonth } from "@/lib/export/stream-export";
import { getPullRequest } from "@/lib/github/pull-request-detail";
import { getPullRequestStats } from "@/lib/github/pull-request-stats";
import { listPullRequests, parsePullRequestsQuery } from "@/lib/github/pull-requests";
import { recordGithubDelivery } from "@/lib/github/record-delivery";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPerson } from "@/lib/people/manage-people";
import { createPlan } from "@/lib/plans/manage-plans";
import { listReviewCandidates } from "@/lib/review/list-items";
import { getSession } from "@/lib/sessions/queries";
import { listSpend, type SpendResult } from "@/lib/spend/list-spend";
import { ROLLUPS } from "@/lib/spend/rollups";
import { parseSpendQuery, type SpendInput } from "@/lib/spend/schemas";
import { getPlanReport } from "@/lib/surfaces/plan-usage";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { closedPrDelivery } from "@/scripts/test/github-fixtures";
import { MEASURE_FIELD, MEASURES } from "./measures";

const NOW = new Date("2026-11-22T12:00:00Z");
const q = (query: string) => parseSpendQuery(new URLSearchParams(query), NOW);

/** A plan event: $0 metered, `list` at API prices. */
const onPlan = (id: string, over: Record<string, unknown>) =>
  makeEvent({
    id,
    surface: "plan",
    plan: "Claude Team",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    timestamp: "2026-11-02T10:00:00Z",
    team: undefined,
    ...over,
  });

/** Every measure's rows add up to its total, to the last digit. */
function expectRowsAddUp(r: SpendResult) {
  for (const m of MEASURES) {
    const field = MEASURE_FIELD[m];
    const sum = r.rows.reduce((s, row) => s.plus(row[field]), new Big(0));
    expect(sum.toFixed(10), `${field} rows`).toBe(r.totals[field]);
  }
}

describeEachDatabase("effective cost", (t) => {
  const ctx = () => systemContext(t.handle.db);
  const admin = (): Ctx => ({
    db: t.handle.db,
    actor: { kind: "user", userId: "u-admin", email: "admin@example.com", name: null, role: "admin" },
  });

  /** Claude Team: 3 seats × $30 in a 30-day month, $3 a day, $1 a seat a day; the seats are Alice's, Bob's and Carol's. */
  async function seedTeamPlan() {
    for (const [email, team] of [
      ["alice@acme.dev", "web"],
      ["bob@acme.dev", "api"],
      ["carol@acme.dev", "api"],
      ["dave@acme.dev", "web"],
    ] as const)
      await createPerson(admin(), { name: email.split("@")[0], email, team });
    await createPlan(admin(), {
      name: "Claude Team",
      vendor: "anthropic",
      tool: "Claude Code",
      seats: 3,
      fee_per_seat_usd: "30",
      start_date: "2026-11-01",
      seat_holders: ["alice@acme.dev", "bob@acme.dev", "carol@acme.dev"],
    });
    await ingestEvents(
      ctx(),
      [
        // Alice: list $3 on acme/web PR 1 and $1 on acme/api PR 2 — her seat's $1 splits 0.75 / 0.25.
        onPlan("a1", { user: "alice@acme.dev", repo: "acme/web", pr: 1, cost_usd: "3", session: "s-a" }),
        onPlan("a2", { user: "ALICE@acme.dev", repo: "acme/api", pr: 2, cost_usd: "1", session: "s-a", timestamp: "2026-11-02T10:05:00Z" }),
        // Bob: list $2 on acme/api PR 3 — his whole seat.
        onPlan("b1", { user: "bob@acme.dev", repo: "acme/api", pr: 3, cost_usd: "2" }),
        // Dave holds no named seat and there are no unnamed ones: his plan usage gets no fee.
        onPlan("d1", { user: "dave@acme.dev", repo: "acme/web", cost_usd: "5" }),
        // Alice's metered API call.
        makeEvent({ id: "m1", timestamp: "2026-11-02T11:00:00Z", user: "alice@acme.dev", cost_usd: "2", team: undefined }),
      ],
      NOW,
    );
  }

  it("gives each named seat's share to its holder's usage by list cost, and a holder who used nothing an unused line", async () => {
    await seedTeamPlan();
    const day = await listSpend(ctx(), q("from=2026-11-02&to=2026-11-02&group_by=person"));
    expect(day.totals).toMatchObject({ cost_usd: "2.0000000000", plan_fees_usd: "3.0000000000", effective_cost_usd: "5.0000000000" });
    expect(day.rows.map((r) => [r.person, r.unused_plan_fee ?? false, r.cost_usd, r.effective_cost_usd])).toEqual([
      ["alice@acme.dev", false, "2.0000000000", "3.0000000000"],
      ["bob@acme.dev", false, "0.0000000000", "1.0000000000"],
      ["carol@acme.dev", true, "0.0000000000", "1.0000000000"],
      ["dave@acme.dev", false, "0.0000000000", "0.0000000000"],
    ]);
    expectRowsAddUp(day);

    const repos = await listSpend(ctx(), q("from=2026-11-02&to=2026-11-02&group_by=repo"));
    expect(repos.rows.map((r) => [r.repo, r.unused_plan_fee ?? false, r.effective_cost_usd])).toEqual([
      [null, false, "2.0000000000"],
      ["acme/api", false, "1.2500000000"],
      ["acme/web", false, "0.7500000000"],
      [null, true, "1.0000000000"],
    ]);
    expectRowsAddUp(repos);
  });

  it("gives each pull request done on the plan its seat share: cost per merged PR and abandoned cost in every measure", async () => {
    await seedTeamPlan();
    let delivery = 0;
    for (const p of [
      { repo: "acme/web", number: 1, merged: "2026-11-03T10:00:00Z" },
      { repo: "acme/api", number: 2, closed: "2026-11-03T10:00:00Z" },
      { repo: "acme/api", number: 3, merged: "2026-11-04T10:00:00Z" },
    ]) {
      const ended = p.merged ?? p.closed;
      const body = closedPrDelivery(p.repo, p.number, {
        merged: Boolean(p.merged),
        merged_at: p.merged ?? null,
        closed_at: ended,
        created_at: "2026-11-01T09:00:00Z",
        updated_at: ended,
        head: { ref: `b${p.number}`, sha: "a".repeat(40) },
      });
      await recordGithubDelivery(ctx(), { id: `d${++delivery}`, event: "pull_request", body, contentType: null });
    }
    const list = await listPullRequests(ctx(), parsePullRequestsQuery(new URLSearchParams("from=2026-11-01&to=2026-11-30"), NOW));
    expect(list.rows.map((r) => [`${r.repo}#${r.number}`, r.cost_usd, r.list_cost_usd, r.effective_cost_usd])).toEqual([
      ["acme/api#2", "0.0000000000", "1.0000000000", "0.2500000000"],
      ["acme/api#3", "0.0000000000", "2.0000000000", "1.0000000000"],
      ["acme/web#1", "0.0000000000", "3.0000000000", "0.7500000000"],
    ]);
    expect(list.summary).toMatchObject({
      merged: 2,
      closed: 1,
      cost_per_merged_pr_usd: "0.0000000000",
      effective_cost_per_merged_pr_usd: "0.8750000000",
      list_cost_per_merged_pr_usd: "2.5000000000",
      abandoned_cost_usd: "0.0000000000",
      effective_abandoned_cost_usd: "0.2500000000",
      list_abandoned_cost_usd: "1.0000000000",
    });
    const detail = await getPullRequest(ctx(), "acme/web", 1);
    expect(detail?.totals).toMatchObject({ cost_usd: "0.0000000000", effective_cost_usd: "0.7500000000", list_cost_usd: "3.0000000000" });
    expect(detail?.calls.map((c) => c.cumulative_effective_cost_usd)).toEqual(["0.7500000000"]);
    const stats = await getPullRequestStats(
      ctx(),
      parsePullRequestsQuery(new URLSearchParams("from=2026-11-01&to=2026-11-30"), NOW),
      "effective",
    );
    expect(stats.breakdowns.repo.map((b) => [b.value, b.amount_usd, b.cost_per_merged_pr_usd])).toEqual([
      ["acme/api", "1.0000000000", "1.0000000000"],
      ["acme/web", "0.7500000000", "0.7500000000"],
    ]);
  });

  it("shows effective cost on a session, in the weekly review and on the plan's Surfaces card", async () => {
    await seedTeamPlan();
    const session = await getSession(ctx(), "s-a");
    expect(session?.summary).toMatchObject({ cost_usd: "0.0000000000", effective_cost_usd: "1.0000000000" });
    expect(session?.calls.map((c) => [c.id, c.effective_cost_usd, c.cumulative_effective_cost_usd])).toEqual([
      ["a1", "0.7500000000", "0.7500000000"],
      ["a2", "0.2500000000", "1.0000000000"],
    ]);
    await foldAggregates(t.handle.db);
    const review = await listReviewCandidates(ctx(), "2026-W45");
    const effective = Object.fromEntries(review.map((i) => [`${i.kind}:${i.id}`, i.effective_cost_usd]));
    expect(effective).toMatchObject({ "request:a1": "0.7500000000", "request:b1": "1.0000000000", "session:s-a": "1.0000000000" });
    // Through the 2nd: 6 seat-days of $1; Alice's and Bob's on the 2nd went to their usage, the other four are unused.
    const report = await getPlanReport(ctx(), { firstDay: "2026-11-01", lastDay: "2026-11-30", soFar: "2026-11-02" });
    expect(report.plans.map((p) => [p.name, p.feeSoFarUsd, p.allocatedUsd, p.unusedUsd])).toEqual([
      ["Claude Team", "6.0000000000", "2.0000000000", "4.0000000000"],
    ]);
  });

  it("FOCUS: EffectiveCost carries each row's share (the purchase row amortised to 0, unused seats as rows of their own) and adds up to BilledCost exactly", async () => {
    await seedTeamPlan();
    // A fee that does not divide: 7 seats × $19 over 30 days; three calls on the 5th share its day 1 : 1 : 2.
    await createPlan(admin(), {
      name: "Odd",
      vendor: "openai",
      seats: 7,
      fee_per_seat_usd: "19",
      start_date: "2026-11-01",
      end_date: "2026-11-30",
    });
    await ingestEvents(
      ctx(),
      ["u1", "u2", "u3"].map((user, i) =>
        makeEvent({
          id: `odd-${user}`,
          surface: "plan",
          plan: "Odd",
          user,
          timestamp: "2026-11-05T10:00:00Z",
          cost_usd: i < 2 ? "1" : "2",
          team: undefined,
        }),
      ),
      NOW,
    );
    const finance: Ctx = { db: t.handle.db, actor: { kind: "user", userId: "u-f", email: "f@example.com", name: null, role: "finance" } };
    for (const granularity of ["day", "event"] as const) {
      const { stream } = await exportMonth(finance, ExportInput.parse({ month: "2026-11", format: "focus", granularity }));
      const rows = parse(await new Response(stream).text(), { columns: true }) as Record<string, string>[];
      const sum = (col: string) => rows.reduce((s, r) => s.plus(r[col] || 0), new Big(0)).toFixed(10);
      // Metered $2 + Claude Team $90 + Odd $133.
      expect(sum("BilledCost"), granularity).toBe("225.0000000000");
      expect(sum("EffectiveCost"), granularity).toBe("225.0000000000");
      const purchases = rows.filter((r) => r.ChargeCategory === "Purchase");
      expect(purchases.map((r) => [r.BilledCost, r.EffectiveCost])).toEqual([
        ["90.0000000000", "0.0000000000"],
        ["133.0000000000", "0.0000000000"],
      ]);
      const unused = rows.filter((r) => r.ChargeDescription?.startsWith("Unused plan fee"));
      // Claude Team: Carol's 30 days, Alice's and Bob's 29 idle ones; Odd: its 29 idle days.
      expect(unused.filter((r) => r.ChargeDescription === "Unused plan fee: Claude Team (carol@acme.dev)")).toHaveLength(30);
      expect(unused.filter((r) => r.ChargeDescription?.includes("Claude Team"))).toHaveLength(88);
      expect(unused.filter((r) => r.ChargeDescription === "Unused plan fee: Odd (unassigned seats)")).toHaveLength(29);
      expect(unused.every((r) => r.BilledCost === "0.0000000000" && r.ChargeCategory === "Usage")).toBe(true);
      const usage = (user: string) =>
        rows
          .filter(
            (r) => r.ChargeCategory === "Usage" && !r.ChargeDescription?.startsWith("Unused") && JSON.parse(r.Tags || "{}").user === user,
          )
          .reduce((s, r) => s.plus(r.EffectiveCost ?? 0), new Big(0))
          .toFixed(10);
      expect([usage("alice@acme.dev"), usage("ALICE@acme.dev"), usage("bob@acme.dev"), usage("dave@acme.dev")], granularity).toEqual([
        "2.7500000000", // $2 metered + 0.75 of her seat's day
        "0.2500000000",
        "1.0000000000",
        "0.0000000000",
      ]);
      // The 5th of Odd: round(133 × 5/30) − round(133 × 4/30) = 22.1666666667 − 17.7333333333 = 4.4333333334; a quarter
      // is 1.10833333335, so one quarter rounds up and one down, and the three still add up to the day.
      expect(["u1", "u2", "u3"].map(usage).sort(), granularity).toEqual(["1.1083333333", "1.1083333334", "2.2166666667"]);
    }
  });

  it("keeps the days nobody used as unused lines, so the month's effective cost is metered + the whole fee", async () => {
    await seedTeamPlan();
    const month = await listSpend(ctx(), q("from=2026-11-01&to=2026-11-30&group_by=person"));
    expect(month.totals).toMatchObject({ cost_usd: "2.0000000000", plan_fees_usd: "90.0000000000", effective_cost_usd: "92.0000000000" });
    const unused = Object.fromEntries(month.rows.filter((r) => r.unused_plan_fee).map((r) => [r.person, r.effective_cost_usd]));
    // 29 idle days of each seat, and Carol's 30.
    expect(unused).toEqual({ "alice@acme.dev": "29.0000000000", "bob@acme.dev": "29.0000000000", "carol@acme.dev": "30.0000000000" });
    expectRowsAddUp(month);
    // The explorer's chart: each day's series and "Other" add up to the day's effective cost, unused days included.
    const explorer = await getExplorer(ctx(), q("from=2026-11-01&to=2026-11-30&group_by=person&interval=day"), "effective");
    const daily = await listSpend(ctx(), q("from=2026-11-01&to=2026-11-30&interval=day"));
    const dayTotal = (d: string) => daily.rows.filter((r) => r.period === d).reduce((s, r) => s.plus(r.effective_cost_usd), new Big(0));
    for (const p of explorer.points) {
      const values = Object.values(p.values).map((v) => new Big(v));
      expect(
        values.every((v) => v.gte(0)),
        p.period,
      ).toBe(true);
      expect(values.reduce((s, v) => s.plus(v), new Big(0)).toFixed(10), p.period).toBe(dayTotal(p.period).toFixed(10));
    }
    expect(explorer.totals.effective_cost_usd).toBe("92.0000000000");
    // A filter sees each row's share of the whole plan-day: Alice's team gets her $1 (and her unused days), not a re-split.
    const web = await listSpend(ctx(), q("from=2026-11-02&to=2026-11-02&team=web&group_by=person"));
    expect(web.rows.map((r) => [r.person, r.effective_cost_usd])).toEqual([
      ["alice@acme.dev", "3.0000000000"],
      ["dave@acme.dev", "0.0000000000"],
    ]);
    expect(web.totals.effective_cost_usd).toBe("3.0000000000");
  });

  it("spreads unnamed seats over everyone's plan usage that day, for a plan starting mid-month, beside metered spend", async () => {
    // 2 seats × $20 from the 16th of November: 15 of 30 days, $20. Nobody is named.
    await createPlan(admin(), {
      name: "ChatGPT",
      vendor: "openai",
      tool: "ChatGPT",
      seats: 2,
      fee_per_seat_usd: "20",
      start_date: "2026-11-16",
    });
    await ingestEvents(
      ctx(),
      [
        makeEvent({
          id: "p1",
          surface: "plan",
          plan: "ChatGPT",
          timestamp: "2026-11-20T09:00:00Z",
          user: "x",
          cost_usd: "1",
          model: "gpt-5",
        }),
        makeEvent({
          id: "p2",
          surface: "plan",
          plan: "ChatGPT",
          timestamp: "2026-11-20T10:00:00Z",
          user: "y",
          cost_usd: "2",
          model: "gpt-5",
        }),
        // Before the plan started: no fee to carry.
        makeEvent({
          id: "p0",
          surface: "plan",
          plan: "ChatGPT",
          timestamp: "2026-11-10T10:00:00Z",
          user: "x",
          cost_usd: "4",
          model: "gpt-5",
        }),
        makeEvent({ id: "m1", timestamp: "2026-11-20T10:00:00Z", user: "x", cost_usd: "0.5", model: "gpt-4.1" }),
      ],
      NOW,
    );
    const users = await listSpend(ctx(), q("from=2026-11-01&to=2026-11-30&group_by=user,model"));
    // The plan's 15 active days cost $20; the 20th, its 5th, costs round(20 × 5/15) − round(20 × 4/15) = 6.6666666667 −
    // 5.3333333333 = 1.3333333334, split 1 : 2.
    expect(users.rows.map((r) => [r.user, r.model, r.unused_plan_fee ?? false, r.effective_cost_usd])).toEqual([
      ["x", "gpt-4.1", false, "0.5000000000"],
      ["x", "gpt-5", false, "0.4444444445"],
      ["y", "gpt-5", false, "0.8888888889"],
      [null, null, true, "18.6666666666"],
    ]);
    expect(users.totals).toMatchObject({ plan_fees_usd: "20.0000000000", effective_cost_usd: "20.5000000000" });
    expectRowsAddUp(users);
    // Each day's fee belongs to that day: the unused days are the 16th–19th and 21st–30th.
    const days = await listSpend(ctx(), q("from=2026-11-01&to=2026-11-30&interval=day&plan=ChatGPT"));
    expect(days.rows.filter((r) => r.unused_plan_fee).map((r) => r.period)).toEqual([
      "2026-11-16",
      "2026-11-17",
      "2026-11-18",
      "2026-11-19",
      ...Array.from({ length: 10 }, (_, i) => `2026-11-${21 + i}`),
    ]);
    expectRowsAddUp(days);
  });

  it("for random plans, seat holders and usage: every grouping's rows add up to the totals in all three measures, each source agrees, and effective = metered + fees", async () => {
    const people = ["p0@x.dev", "p1@x.dev", "p2@x.dev", "p3@x.dev"];
    for (const email of people) await createPerson(admin(), { name: email.slice(0, 2), email, team: email < "p2" ? "t1" : "t2" });
    const planArb = fc.record({
      seats: fc.integer({ min: 1, max: 4 }),
      cents: fc.integer({ min: 1, max: 10_000 }),
      start: fc.constantFrom("2026-10-01", "2026-10-17", "2026-11-05"),
      holders: fc.subarray(people, { maxLength: 4 }),
    });
    const eventArb = fc.record({
      plan: fc.constantFrom("A", "B", null),
      user: fc.constantFrom(...people, "stranger", null),
      day: fc.integer({ min: 1, max: 20 }),
      list: fc.integer({ min: 0, max: 100_000 }),
      model: fc.constantFrom("m1", "m2"),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.tuple(planArb, planArb), fc.array(eventArb, { minLength: 0, maxLength: 25 }), async (plans, evs) => {
        run++;
        for (const table of ["plan_seat_holders", "plans"]) await t.handle.db.execute(`delete from ${table}`);
        for (const [i, p] of plans.entries())
          await createPlan(admin(), {
            name: i === 0 ? "A" : "B",
            vendor: "anthropic",
            seats: p.seats,
            fee_per_seat_usd: (p.cents / 100).toFixed(2),
            start_date: p.start,
            seat_holders: p.holders.slice(0, p.seats),
          });
        await ingestEvents(
          ctx(),
          evs.map((e, i) =>
            makeEvent({
              id: `r${run}-${i}`,
              timestamp: `2026-11-${String(e.day).padStart(2, "0")}T12:00:00Z`,
              ...(e.plan ? { surface: "plan", plan: e.plan } : {}),
              user: e.user ?? undefined,
              model: e.model,
              cost_usd: (e.list / 1000).toFixed(3),
            }),
          ),
          NOW,
        );
        const base: SpendInput = { from: "2026-10-20", to: "2026-11-20", groupBy: [], interval: "none", filters: {} };
        for (const groupBy of [["person"], ["plan", "model"], ["team"], ["user"]] as SpendInput["groupBy"][]) {
          for (const interval of ["none", "week"] as const) {
            const input = { ...base, groupBy, interval };
            const r = await listSpend(ctx(), input);
            expectRowsAddUp(r);
            expect(r.totals.effective_cost_usd).toBe(new Big(r.totals.cost_usd).plus(r.totals.plan_fees_usd).toFixed(10));
            expect(await listSpend(ctx(), input, { source: "events" })).toEqual(r);
          }
        }
        const filtered = await listSpend(ctx(), { ...base, groupBy: ["model"], filters: { team: ["t1"] } });
        expectRowsAddUp(filtered);
        // Every rollup answers alike, with or without named seats (the seats' shares then come from the wide rollup).
        for (const rollup of ROLLUPS)
          expect(await listSpend(ctx(), { ...base, groupBy: ["model"] }, { source: rollup.table })).toEqual(
            await listSpend(ctx(), { ...base, groupBy: ["model"] }, { source: "events" }),
          );
        for (const table of ["events", ...ROLLUPS.map((r) => r.table)]) await t.handle.db.execute(`delete from ${table}`);
      }),
      { numRuns: 12 },
    );
  });
});
