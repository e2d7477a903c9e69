import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, savedViews, users } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/scripts/test/databases";
import { deleteSavedView, listSavedViews, MAX_SAVED_VIEWS, saveView } from "./saved-views";

const NOW = new Date("2026-11-22T12:00:00Z");

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message };
    if (err instanceof Error && err.name === "ZodError") return { code: "validation_failed", message: err.message };
    throw err;
  }
  throw new Error("expected a failure");
}

describeEachDatabase("saved views", (t) => {
  async function member(role: Role, email = `${role}@example.com`): Promise<Ctx> {
    const [row] = await t.handle.db
      .insert(users)
      .values({ email, name: `${role} person`, role })
      .returning({ id: users.id });
    return { db: t.handle.db, actor: { kind: "user", userId: row?.id as string, email, name: `${role} person`, role } };
  }

  it("saves a view for the whole team in canonical form, listed by name, and audits it", async () => {
    const alice = await member("member", "alice@example.com");
    const bob = await member("finance", "bob@example.com");
    // The table's keys are dropped, the grouping spelled out, the period kept as given (none: month to date).
    const saved = await saveView(
      alice,
      { name: "  Platform models  ", query: "?team=platform&group_by=model&page=2&sort=requests.asc" },
      NOW,
    );
    expect(saved).toMatchObject({ name: "Platform models", query: "group_by=model&team=platform" });
    await saveView(bob, { name: "all by team", query: "from=2026-10-01&to=2026-10-31&measure=list&environment=" }, NOW);

    const list = await listSavedViews(bob, NOW);
    expect(list.map((v) => [v.name, v.query, v.createdByName])).toEqual([
      ["all by team", "from=2026-10-01&to=2026-10-31&group_by=team&measure=list&environment=", "finance person"],
      ["Platform models", "group_by=model&team=platform", "member person"],
    ]);
    const audit = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, "saved_view.created"));
    expect(audit.map((a) => [a.actorLabel, a.target])).toEqual([
      ["alice@example.com", "Platform models"],
      ["bob@example.com", "all by team"],
    ]);
  });

  it("refuses a duplicate name whatever its case, a view already saved or in the nav, an invalid view and a bad name", async () => {
    const alice = await member("member");
    await saveView(alice, { name: "Growth", query: "group_by=model&team=growth" }, NOW);
    expect(await failure(saveView(alice, { name: "GROWTH ", query: "group_by=provider" }, NOW))).toEqual({
      code: "conflict",
      message: 'A saved view named "GROWTH" already exists (names ignore case).',
    });
    expect(await failure(saveView(alice, { name: "Again", query: "team=growth&group_by=model" }, NOW))).toEqual({
      code: "conflict",
      message: 'This view is already saved as "Growth".',
    });
    expect(await failure(saveView(alice, { name: "Models", query: "group_by=model" }, NOW))).toEqual({
      code: "conflict",
      message: 'This view is already in the nav as "By model".',
    });
    expect((await failure(saveView(alice, { name: "Bad", query: "group_by=colour" }, NOW))).code).toBe("invalid_query");
    expect((await failure(saveView(alice, { name: "Three", query: "group_by=team,model,tool" }, NOW))).code).toBe("invalid_query");
    expect((await failure(saveView(alice, { name: "   ", query: "group_by=provider" }, NOW))).code).toBe("validation_failed");
    expect((await failure(saveView(alice, { name: "x".repeat(61), query: "group_by=provider" }, NOW))).code).toBe("validation_failed");
    expect(await listSavedViews(alice, NOW)).toHaveLength(1);
  });

  it(`keeps at most ${MAX_SAVED_VIEWS} views`, async () => {
    const alice = await member("member");
    await t.handle.db
      .insert(savedViews)
      .values(Array.from({ length: MAX_SAVED_VIEWS }, (_, i) => ({ name: `view ${i}`, query: `group_by=team&team=t${i}` })));
    expect(await failure(saveView(alice, { name: "one more", query: "group_by=provider" }, NOW))).toEqual({
      code: "conflict",
      message: `The team already has ${MAX_SAVED_VIEWS} saved views, the most it may keep: delete one first.`,
    });
  });

  it("the creator or an admin may delete a view; another member may not", async () => {
    const alice = await member("member", "alice@example.com");
    const carol = await member("finance", "carol@example.com");
    const admin = await member("admin");
    const a = await saveView(alice, { name: "Alice's", query: "group_by=provider" }, NOW);
    const b = await saveView(alice, { name: "Alice's other", query: "group_by=repo&repo=acme/api" }, NOW);

    expect(await failure(deleteSavedView(carol, a.id))).toMatchObject({ code: "forbidden" });
    await deleteSavedView(alice, a.id);
    await deleteSavedView(admin, b.id);
    expect(await listSavedViews(carol, NOW)).toEqual([]);
    expect(await failure(deleteSavedView(alice, a.id))).toMatchObject({ code: "not_found" });
    expect(await failure(deleteSavedView(alice, "not-a-uuid"))).toMatchObject({ code: "not_found" });
    const audit = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, "saved_view.deleted"));
    expect(audit.map((r) => [r.actorLabel, r.target])).toEqual([
      ["alice@example.com", "Alice's"],
      ["admin@example.com", "Alice's other"],
    ]);
  });

  it("a stored view the explorer no longer accepts is left out of the list, not shown broken", async () => {
    const alice = await member("member");
    await t.handle.db.insert(savedViews).values([
      { name: "fine", query: "group_by=tool" },
      { name: "gone dimension", query: "group_by=colour" },
      { name: "unknown key", query: "group_by=team&secret=1" },
      { name: "bad dates", query: "from=2026-02-30&group_by=team" },
      { name: "garbage", query: "%%%&&==" },
    ]);
    expect((await listSavedViews(alice, NOW)).map((v) => v.name)).toEqual(["fine"]);
  });
});
