import { expect, it } from "vitest";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { createBudget } from "@/lib/budgets/create-budget";
import { AppError } from "@/lib/errors";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { listSpend, spendSourceFor } from "@/lib/spend/list-spend";
import type { SpendInput } from "@/lib/spend/schemas";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { addAlias, createPerson, markPersonLeft, removeAlias } from "./manage-people";
import { getPerson } from "./queries";
import { listUnmapped } from "./unmapped";

const NOW = new Date("2026-11-22T12:00:00Z");
const MONTH = { from: "2026-11-01", to: "2026-11-30", interval: "none", filters: {} } as const satisfies Partial<SpendInput>;

describeEachDatabase("people: resolution when read", (t) => {
  const ctx = (): Ctx => systemContext(t.handle.db);
  const byPerson = async (extra: Partial<SpendInput> = {}) =>
    Object.fromEntries(
      (await listSpend(ctx(), { ...MONTH, groupBy: ["person"], ...extra })).rows.map((r) => [String(r.person), r.cost_usd]),
    );
  const byTeam = async () =>
    Object.fromEntries((await listSpend(ctx(), { ...MONTH, groupBy: ["team"] })).rows.map((r) => [String(r.team), r.cost_usd]));
  async function load(events: Record<string, unknown>[], c: Ctx = ctx()) {
    const r = await ingestEvents(c, events, NOW);
    expect(r.rejected).toEqual([]);
  }

  it("matches a primary email without a link, case-insensitively; linking an alias later moves past spend to the person", async () => {
    await load([
      makeEvent({ timestamp: "2026-11-03T09:00:00Z", cost_usd: "1.1000000001", user: "Dana@Acme.DEV" }),
      makeEvent({ timestamp: "2026-11-10T09:00:00Z", cost_usd: "2.25", user: "dana-okafor" }),
      makeEvent({ timestamp: "2026-11-11T09:00:00Z", cost_usd: "0.5", user: "somebody-else" }),
    ]);
    const { id } = await createPerson(ctx(), { name: "Dana Okafor", email: "dana@acme.dev" });
    expect(await byPerson()).toEqual({ "dana@acme.dev": "1.1000000001", null: "2.7500000000" });

    await addAlias(ctx(), id, { kind: "github_login", value: "Dana-Okafor" });
    expect(await byPerson()).toEqual({ "dana@acme.dev": "3.3500000001", null: "0.5000000000" });
    // The filter takes the id or the email in any case; an empty value is "no person".
    for (const person of [id, "DANA@acme.dev"])
      expect((await listSpend(ctx(), { ...MONTH, groupBy: [], filters: { person: [person] } })).totals.cost_usd).toBe("3.3500000001");
    expect((await listSpend(ctx(), { ...MONTH, groupBy: [], filters: { person: [null] } })).totals.cost_usd).toBe("0.5000000000");
    // The same answer from the raw events as from the rollup.
    expect(await listSpend(ctx(), { ...MONTH, groupBy: ["person", "model"] }, { source: "events" })).toEqual(
      await listSpend(ctx(), { ...MONTH, groupBy: ["person", "model"] }),
    );

    // Unlinking gives the spend back.
    await removeAlias(ctx(), id, { kind: "github_login", value: "dana-okafor" });
    expect(await byPerson()).toEqual({ "dana@acme.dev": "1.1000000001", null: "2.7500000000" });
  });

  it("team falls back to the person's team for events without one; an event's own team is kept", async () => {
    await load([
      makeEvent({ timestamp: "2026-11-03T09:00:00Z", cost_usd: "1", user: "ana@acme.dev", team: null }),
      makeEvent({ timestamp: "2026-11-03T10:00:00Z", cost_usd: "2", user: "ana@acme.dev", team: "mobile" }),
      makeEvent({ timestamp: "2026-11-03T11:00:00Z", cost_usd: "4", user: "nobody@acme.dev", team: null }),
    ]);
    // No person has a team: team queries read the narrowest rollup, as before people existed.
    expect(spendSourceFor({ groupBy: ["team"], filters: {} })).toBe("event_rollup_daily_core");
    await createPerson(ctx(), { name: "Ana", email: "ana@acme.dev" });
    expect(await byTeam()).toEqual({ mobile: "2.0000000000", null: "5.0000000000" });

    await createPerson(ctx(), { name: "Bo", email: "bo@acme.dev", team: "growth" });
    const { id } = await createPerson(ctx(), { name: "Ana 2", email: "ana2@acme.dev", team: "platform" });
    await addAlias(ctx(), id, { kind: "email", value: "nobody@acme.dev" });
    expect(await byTeam()).toEqual({ platform: "4.0000000000", mobile: "2.0000000000", null: "1.0000000000" });
    expect((await listSpend(ctx(), { ...MONTH, groupBy: [], filters: { team: ["platform"] } })).totals.cost_usd).toBe("4.0000000000");
    expect((await listSpend(ctx(), { ...MONTH, groupBy: [], filters: { team: [null] } })).totals.cost_usd).toBe("1.0000000000");
  });

  it("an event without a user resolves through the Burnrate API key that sent it; a user wins over the key", async () => {
    const keyCtx: Ctx = {
      db: t.handle.db,
      actor: { kind: "api_key", keyId: "0b7a4e1c-0000-4000-8000-000000000001", name: "ci", scopes: ["ingest"] },
    };
    await load(
      [
        makeEvent({ timestamp: "2026-11-05T09:00:00Z", cost_usd: "3", user: null }),
        makeEvent({ timestamp: "2026-11-05T09:00:00Z", cost_usd: "5", user: "lee@acme.dev" }),
      ],
      keyCtx,
    );
    expect(await listUnmapped(ctx(), 90, NOW)).toEqual([
      {
        kind: "email",
        value: "lee@acme.dev",
        source: "events",
        first_seen: "2026-11-05",
        last_seen: "2026-11-05",
        requests: 1,
        cost_usd: "5.0000000000",
      },
      {
        kind: "api_key",
        value: "0b7a4e1c-0000-4000-8000-000000000001",
        source: "events",
        first_seen: "2026-11-05",
        last_seen: "2026-11-05",
        requests: 1,
        cost_usd: "3.0000000000",
      },
    ]);
    const { id: kim } = await createPerson(ctx(), { name: "Kim", email: "kim@acme.dev" });
    await addAlias(ctx(), kim, { kind: "api_key", value: "0b7a4e1c-0000-4000-8000-000000000001" });
    await createPerson(ctx(), { name: "Lee", email: "lee@acme.dev" });
    expect(await byPerson()).toEqual({ "lee@acme.dev": "5.0000000000", "kim@acme.dev": "3.0000000000" });
    expect(await listUnmapped(ctx(), 90, NOW)).toEqual([]);
  });

  it("an alias belongs to one person: another person's alias or primary email is alias_taken naming the owner", async () => {
    const { id: dana } = await createPerson(ctx(), {
      name: "Dana",
      email: "dana@acme.dev",
      aliases: [{ kind: "otel_account_uuid", value: "5F0C1D1E-2A3B-4C5D-8E9F-001122334455" }],
    });
    const { id: eli } = await createPerson(ctx(), { name: "Eli", email: "eli@acme.dev" });
    const taken = (p: Promise<unknown>) =>
      p.then(
        () => "linked",
        (e: unknown) => (e instanceof AppError ? `${e.code}: ${e.message}` : String(e)),
      );
    expect(await taken(addAlias(ctx(), eli, { kind: "otel_account_uuid", value: "5f0c1d1e-2a3b-4c5d-8e9f-001122334455" }))).toMatch(
      /^alias_taken: .*Dana <dana@acme\.dev>/,
    );
    // The same value under another kind an event's user matches would resolve the same events twice.
    expect(await taken(addAlias(ctx(), eli, { kind: "other:sso", value: "DANA@acme.dev" }))).toMatch(/^alias_taken: .*Dana/);
    expect(
      await taken(createPerson(ctx(), { name: "X", email: "x@acme.dev", aliases: [{ kind: "email", value: "eli@acme.dev" }] })),
    ).toMatch(/^alias_taken: .*Eli/);
    // The person's own alias again is a no-op.
    expect(await taken(addAlias(ctx(), dana, { kind: "otel_account_uuid", value: "5f0c1d1e-2a3b-4c5d-8e9f-001122334455" }))).toBe("linked");
    expect((await getPerson(ctx(), dana))?.aliases).toEqual([{ kind: "otel_account_uuid", value: "5f0c1d1e-2a3b-4c5d-8e9f-001122334455" }]);
  });

  it("two concurrent links of one alias to two people: one wins, the other is alias_taken", async () => {
    const a = await createPerson(ctx(), { name: "Ann", email: "ann@acme.dev" });
    const b = await createPerson(ctx(), { name: "Ben", email: "ben@acme.dev" });
    for (let round = 0; round < 5; round++) {
      const alias = { kind: "openai_api_key_id", value: `key_round${round}` };
      const results = await Promise.allSettled([addAlias(ctx(), a.id, alias), addAlias(ctx(), b.id, alias)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const [failed] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      const reason = failed?.reason as AppError | undefined;
      expect(reason).toBeInstanceOf(AppError);
      expect(reason?.code).toBe("alias_taken");
      expect(reason?.message).toContain(results[0]?.status === "fulfilled" ? "Ann" : "Ben");
    }
  });

  // Two connections are needed: PostgreSQL only (PGlite has one).
  it.skipIf(t.kind !== "postgres")(
    "one value claimed under two kinds by two people while the first is uncommitted: the second waits, then is alias_taken",
    async () => {
      const a = await createPerson(ctx(), { name: "Ann", email: "ann@acme.dev" });
      const b = await createPerson(ctx(), { name: "Ben", email: "ben@acme.dev" });
      let release = () => {};
      let claimed = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      const firstClaimed = new Promise<void>((r) => {
        claimed = r;
      });
      const first = t.handle.db.transaction(async (tx) => {
        await addAlias({ ...ctx(), db: tx }, a.id, { kind: "email", value: "shared@gmail.com" });
        claimed();
        await held;
      });
      await firstClaimed;
      let secondDone = false;
      const second = addAlias(ctx(), b.id, { kind: "cursor_email", value: "SHARED@gmail.com" }).finally(() => {
        secondDone = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(secondDone).toBe(false); // waiting for the first claim to commit or roll back
      release();
      await first;
      await expect(second).rejects.toMatchObject({ code: "alias_taken", message: expect.stringContaining("Ann <ann@acme.dev>") });
    },
  );

  it("a person marked left keeps their aliases and their history", async () => {
    await load([makeEvent({ timestamp: "2026-11-03T09:00:00Z", cost_usd: "7", user: "gh-max" })]);
    const { id } = await createPerson(ctx(), { name: "Max", email: "max@acme.dev", aliases: [{ kind: "github_login", value: "gh-max" }] });
    const left = await markPersonLeft(ctx(), id, NOW);
    expect(left.left_on).toBe("2026-11-22");
    expect(left.aliases).toEqual([{ kind: "github_login", value: "gh-max" }]);
    expect(await byPerson()).toEqual({ "max@acme.dev": "7.0000000000" });
    // Again: a no-op, the first date stays.
    expect((await markPersonLeft(ctx(), id, new Date("2026-11-25T00:00:00Z"))).left_on).toBe("2026-11-22");
  });

  it("a budget filtered by person counts that person's spend through every alias, by email or id", async () => {
    await load([
      makeEvent({ timestamp: "2026-11-20T09:00:00Z", cost_usd: "4", user: "zoe@acme.dev" }),
      makeEvent({ timestamp: "2026-11-21T09:00:00Z", cost_usd: "6", user: "zoe-cursor@gmail.com" }),
      makeEvent({ timestamp: "2026-11-21T09:00:00Z", cost_usd: "50", user: "someone@acme.dev" }),
    ]);
    const { id } = await createPerson(ctx(), {
      name: "Zoe",
      email: "zoe@acme.dev",
      aliases: [{ kind: "cursor_email", value: "zoe-cursor@gmail.com" }],
    });
    const byEmail = await createBudget(ctx(), { name: "Zoe", amount_usd: "20", period: "month", filters: { person: "Zoe@acme.dev" } }, NOW);
    const byId = await createBudget(ctx(), { name: "Zoe by id", amount_usd: "20", period: "month", filters: { person: id } }, NOW);
    expect([byEmail.spentUsd, byId.spentUsd]).toEqual(["10.0000000000", "10.0000000000"]);
  });
});
