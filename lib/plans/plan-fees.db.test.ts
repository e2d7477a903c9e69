import Big from "big.js";
import { parse } from "csv-parse/sync";
import { expect, it } from "vitest";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { closeMonth } from "@/lib/export/close-month";
import { getExportSummary } from "@/lib/export/queries";
import { ExportInput } from "@/lib/export/schemas";
import { exportMonth } from "@/lib/export/stream-export";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPerson } from "@/lib/people/manage-people";
import { listSpend } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { createPlan, deletePlan, updatePlan } from "./manage-plans";
import { listPlans } from "./queries";

const NOW = new Date("2026-11-22T12:00:00Z");

const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `u-${role}`, email: `${role}@example.com`, name: null, role },
});

const plan = (over: Record<string, unknown> = {}) => ({
  name: "Claude Team",
  vendor: "anthropic",
  tool: "Claude Code",
  seats: 3,
  fee_per_seat_usd: "30",
  start_date: "2026-01-01",
  ...over,
});

describeEachDatabase("plan fees", (t) => {
  const spend = async (query: Record<string, string>) =>
    (await listSpend(systemContext(t.handle.db), parseSpendQuery(new URLSearchParams(query), NOW))).totals;
  const download = async (query: Record<string, string>) => {
    const { stream } = await exportMonth(as(t.handle.db, "finance"), ExportInput.parse(query));
    return parse(await new Response(stream).text(), { columns: true }) as Record<string, string>[];
  };

  it("a whole month is seats × fee; partial months are prorated by day; ended and future plans count only their days", async () => {
    const finance = as(t.handle.db, "finance");
    await createPlan(finance, plan());
    // Starts on the 10th of September (30 days): 21 days of 2 × $20.
    await createPlan(
      finance,
      plan({ name: "ChatGPT Business", vendor: "openai", tool: "ChatGPT", seats: 2, fee_per_seat_usd: "20", start_date: "2026-09-10" }),
    );
    // Ended on 2 October (31 days): 2 days of 1 × $19; October only.
    await createPlan(
      finance,
      plan({
        name: "Copilot",
        vendor: "github",
        tool: "Copilot",
        seats: 1,
        fee_per_seat_usd: "19",
        start_date: "2026-06-01",
        end_date: "2026-10-02",
      }),
    );

    expect((await spend({ from: "2026-08-01", to: "2026-08-31" })).plan_fees_usd).toBe("109.0000000000"); // 90 + 19
    // September: 90 + 2×20×21/30 (= 28) + 19.
    expect((await spend({ from: "2026-09-01", to: "2026-09-30" })).plan_fees_usd).toBe("137.0000000000");
    // October: 90 + 40 + 19×2/31 (= 1.2258064516…, rounded once).
    expect((await spend({ from: "2026-10-01", to: "2026-10-31" })).plan_fees_usd).toBe("131.2258064516");
    // One day of October: 90/31 + 40/31 + 19/31, each line rounded to 10 places.
    expect((await spend({ from: "2026-10-01", to: "2026-10-01" })).plan_fees_usd).toBe(
      ["90", "40", "19"].reduce((s, f) => s.plus(new Big(f).div(31).round(10, Big.roundHalfUp)), new Big(0)).toFixed(10),
    );
    // Across months: August + September + October.
    expect((await spend({ from: "2026-08-01", to: "2026-10-31" })).plan_fees_usd).toBe("377.2258064516");
    // Before any plan started: nothing.
    expect((await spend({ from: "2025-12-01", to: "2025-12-31" })).plan_fees_usd).toBe("0.0000000000");
  });

  it("filters: a fee belongs to its plan, its vendor and the plan surface, and to no other dimension", async () => {
    const finance = as(t.handle.db, "finance");
    await createPlan(finance, plan());
    await createPlan(finance, plan({ name: "ChatGPT Business", vendor: "openai", seats: 1, fee_per_seat_usd: "25" }));
    const oct = { from: "2026-10-01", to: "2026-10-31" };
    expect((await spend(oct)).plan_fees_usd).toBe("115.0000000000");
    expect((await spend({ ...oct, provider: "openai" })).plan_fees_usd).toBe("25.0000000000");
    expect((await spend({ ...oct, plan: "Claude Team" })).plan_fees_usd).toBe("90.0000000000");
    expect((await spend({ ...oct, surface: "plan" })).plan_fees_usd).toBe("115.0000000000");
    expect((await spend({ ...oct, surface: "api" })).plan_fees_usd).toBe("0.0000000000");
    expect((await spend({ ...oct, team: "platform" })).plan_fees_usd).toBe("0.0000000000");
    expect((await spend({ ...oct, plan: "" })).plan_fees_usd).toBe("0.0000000000");
  });

  it("the export has one plan_fee row per plan, and its cost_usd sums to cost_usd + plan_fees_usd, CSV and FOCUS, by day and by event", async () => {
    const finance = as(t.handle.db, "finance");
    await createPlan(
      finance,
      plan({ name: "=HYPERLINK(1)", vendor: "anthropic", seats: 2, fee_per_seat_usd: "100.5", start_date: "2026-10-16" }),
    );
    await createPlan(finance, plan({ name: "ChatGPT Business", vendor: "openai", seats: 1, fee_per_seat_usd: "25" }));
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "p1", timestamp: "2026-10-03T10:00:00Z", cost_usd: "1.25" }),
        makeEvent({ id: "p2", timestamp: "2026-10-20T10:00:00Z", surface: "plan", plan: "ChatGPT Business", cost_usd: "4" }),
      ],
      NOW,
    );
    const totals = await spend({ from: "2026-10-01", to: "2026-10-31" });
    // 2 × 100.5 × 16/31 = 103.7419354838…
    expect(totals).toMatchObject({ cost_usd: "1.2500000000", list_cost_usd: "5.2500000000", plan_fees_usd: "128.7419354839" });
    const expected = new Big(totals.cost_usd).plus(totals.plan_fees_usd).toFixed(10);

    const day = await download({ month: "2026-10", format: "csv" });
    const fees = day.filter((r) => r.cost_source === "plan_fee");
    expect(fees).toEqual([
      expect.objectContaining({
        date: "2026-10-16",
        provider: "anthropic",
        surface: "plan",
        tool: "'=HYPERLINK(1)",
        model: "",
        requests: "0",
        input_tokens: "0",
        cost_usd: "103.7419354839",
        list_cost_usd: "0.0000000000",
      }),
      expect.objectContaining({
        date: "2026-10-01",
        provider: "openai",
        surface: "plan",
        tool: "ChatGPT Business",
        cost_usd: "25.0000000000",
        billable: "false",
      }),
    ]);
    for (const rows of [day, await download({ month: "2026-10", format: "csv", granularity: "event" })]) {
      expect(rows.reduce((s, r) => s.plus(r.cost_usd as string), new Big(0)).toFixed(10)).toBe(expected);
      expect(rows.reduce((s, r) => s.plus(r.list_cost_usd as string), new Big(0)).toFixed(10)).toBe(totals.list_cost_usd);
    }
    for (const granularity of ["day", "event"]) {
      const focus = await download({ month: "2026-10", format: "focus", granularity });
      expect(focus.reduce((s, r) => s.plus(r.BilledCost as string), new Big(0)).toFixed(10)).toBe(expected);
      const fee = focus.find((r) => r.x_CostSource === "plan_fee" && r.ProviderName === "OpenAI");
      expect(fee).toMatchObject({
        ChargeCategory: "Purchase",
        ChargeFrequency: "Recurring",
        ChargeDescription: "ChatGPT Business: 1 seats × 25 USD per seat per month",
        ChargePeriodStart: "2026-10-01T00:00:00Z",
        ChargePeriodEnd: "2026-11-01T00:00:00Z",
        ConsumedQuantity: "",
        ListCost: "25.0000000000",
        PricingQuantity: "1",
        PricingUnit: "Seats",
        ServiceName: "OpenAI plan",
      });
    }
  });

  it("the month in progress exports its plan fees to date, as /api/v1/spend and the Overview count them", async () => {
    const finance = as(t.handle.db, "finance");
    await createPlan(finance, plan()); // 3 × $30: $3 a day in November
    const summary = await getExportSummary(finance, "2026-11", NOW);
    expect(summary.feesThrough).toBe("2026-11-22");
    expect(summary.totals.plan_fees_usd).toBe("66.0000000000");
    expect(summary.totals.plan_fees_usd).toBe((await spend({ from: "2026-11-01", to: "2026-11-22" })).plan_fees_usd);
    // Once it has ended, the whole month.
    const after = await getExportSummary(finance, "2026-11", new Date("2026-12-02T00:00:00Z"));
    expect([after.feesThrough, after.totals.plan_fees_usd]).toEqual(["2026-11-30", "90.0000000000"]);
  });

  it("closing a month freezes its plan fees: later edits change open months only", async () => {
    const finance = as(t.handle.db, "finance");
    const { id } = await createPlan(finance, plan());
    const snapshot = await closeMonth(finance, "2026-09", NOW);
    expect(snapshot).toMatchObject({ cost_usd: "90.0000000000", plan_fees_usd: "90.0000000000" });
    expect(snapshot.by_surface).toEqual([{ surface: "plan", requests: 0, cost_usd: "90.0000000000" }]);
    const septemberFile = await download({ month: "2026-09", format: "csv" });

    await updatePlan(finance, id, plan({ seats: 10 }));
    expect((await spend({ from: "2026-09-01", to: "2026-09-30" })).plan_fees_usd).toBe("90.0000000000");
    expect((await spend({ from: "2026-10-01", to: "2026-10-31" })).plan_fees_usd).toBe("300.0000000000");
    expect(await download({ month: "2026-09", format: "csv" })).toEqual(septemberFile);
    await deletePlan(finance, id);
    expect((await spend({ from: "2026-09-01", to: "2026-10-31" })).plan_fees_usd).toBe("90.0000000000");
    expect((await getExportSummary(finance, "2026-10", NOW)).totals.cost_usd).toBe("0.0000000000");
    expect(await download({ month: "2026-09", format: "csv" })).toEqual(septemberFile);
  });

  it("validates plans, refuses a second plan of the same name, and lets only admins and finance change plans", async () => {
    const finance = as(t.handle.db, "finance");
    await expect(
      createPlan(finance, plan({ seats: 0, fee_per_seat_usd: "-1", end_date: "2025-01-01", vendor: "Open AI" })),
    ).rejects.toMatchObject({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ["seats"] }),
        expect.objectContaining({ path: ["fee_per_seat_usd"] }),
        expect.objectContaining({ path: ["vendor"] }),
      ]),
    });
    await expect(createPlan(finance, plan({ end_date: "2025-12-31" }))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["end_date"] })],
    });
    const { id } = await createPlan(finance, plan({ vendor: " Anthropic " }));
    await expect(createPlan(as(t.handle.db, "admin"), plan())).rejects.toMatchObject({ code: "conflict" });
    const other = await createPlan(finance, plan({ name: "Other" }));
    await expect(updatePlan(finance, other.id, plan())).rejects.toMatchObject({ code: "conflict" });
    await expect(createPlan(as(t.handle.db, "member"), plan({ name: "Member's" }))).rejects.toMatchObject({ code: "forbidden" });
    await expect(deletePlan(as(t.handle.db, "member"), id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(updatePlan(finance, "00000000-0000-0000-0000-000000000000", plan({ name: "Gone" }))).rejects.toMatchObject({
      code: "not_found",
    });
    const listed = await listPlans(as(t.handle.db, "member"));
    expect(listed.map((p) => [p.name, p.vendor, p.seats, p.feePerSeatUsd])).toEqual([
      ["Claude Team", "anthropic", 3, "30.0000000000"],
      ["Other", "anthropic", 3, "30.0000000000"],
    ]);
  });

  it("names its seat holders by a person's email (or email alias): replaced on update, at most one per seat, every one a person", async () => {
    const finance = as(t.handle.db, "finance");
    await createPerson(systemContext(t.handle.db), { name: "Maya", email: "maya@acme.dev" });
    await createPerson(systemContext(t.handle.db), {
      name: "Li",
      email: "li@acme.dev",
      aliases: [{ kind: "email", value: "li.wei@acme.dev" }],
    });
    const { id } = await createPlan(finance, plan({ seats: 2, seat_holders: "Maya@acme.dev, li.wei@acme.dev" }));
    expect((await listPlans(finance)).map((p) => p.seatHolders)).toEqual([["li@acme.dev", "maya@acme.dev"]]);
    await expect(updatePlan(finance, id, plan({ seats: 2, seat_holders: "maya@acme.dev nobody@acme.dev" }))).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "seat_holders", message: "No person has the email nobody@acme.dev" }],
    });
    await expect(updatePlan(finance, id, plan({ seats: 1, seat_holders: ["maya@acme.dev", "li@acme.dev"] }))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["seat_holders"], message: "More holders than seats" })],
    });
    // Refused changes changed nothing; an update without seat_holders keeps them; an empty list clears them.
    expect((await listPlans(finance))[0]?.seatHolders).toEqual(["li@acme.dev", "maya@acme.dev"]);
    await updatePlan(finance, id, plan({ seats: 2 }));
    expect((await listPlans(finance))[0]?.seatHolders).toEqual(["li@acme.dev", "maya@acme.dev"]);
    await expect(updatePlan(finance, id, plan({ seats: 1 }))).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "seats", message: "2 people hold its seats: remove holders first" }],
    });
    await updatePlan(finance, id, plan({ seats: 2, seat_holders: "maya@acme.dev" }));
    expect((await listPlans(finance))[0]?.seatHolders).toEqual(["maya@acme.dev"]);
    await updatePlan(finance, id, plan({ seats: 2, seat_holders: "" }));
    expect((await listPlans(finance))[0]?.seatHolders).toEqual([]);
  });
});
