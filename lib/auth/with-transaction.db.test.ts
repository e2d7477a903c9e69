import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { instanceSecrets } from "@/db/schema";
import { describeEachDatabase } from "@/scripts/test/databases";
import { systemContext, withTransaction } from "./actor";

describeEachDatabase("withTransaction", (t) => {
  const stored = async (name: string) =>
    (await t.handle.db.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, name))).length;

  it("a nested call joins the caller's transaction, as the same caller: a failure inside rolls back the whole change", async () => {
    const ctx = systemContext(t.handle.db, "test");
    await expect(
      withTransaction(ctx, async (outer) => {
        await outer.db.insert(instanceSecrets).values({ name: "outer", value: "1" });
        await withTransaction(outer, async (inner) => {
          expect(inner.db).toBe(outer.db);
          expect(inner.actor).toBe(ctx.actor);
          await inner.db.insert(instanceSecrets).values({ name: "inner", value: "1" });
          throw new Error("step failed");
        });
      }),
    ).rejects.toThrow("step failed");
    expect([await stored("outer"), await stored("inner")]).toEqual([0, 0]);
  });

  it("commits what its steps wrote", async () => {
    const ctx = systemContext(t.handle.db, "test");
    await withTransaction(ctx, (tx) =>
      withTransaction(tx, (inner) => inner.db.insert(instanceSecrets).values({ name: "kept", value: "1" })),
    );
    expect(await stored("kept")).toBe(1);
  });
});
