import { expect, it } from "vitest";
import { revokedSessions, users } from "@/db/schema";
import { describeEachDatabase } from "@/scripts/test/databases";
import { newSessionId, revokeSession } from "./revoke-session";
import { loadSessionUser } from "./session-user";

const T0 = new Date("2026-11-20T10:00:00Z");
const WEEK = 7 * 24 * 3600_000;

describeEachDatabase("signed-out sessions", (t) => {
  it("a signed-out session id is refused while other sessions of the member keep working", async () => {
    const [u] = await t.handle.db.insert(users).values({ email: "ann@example.com", role: "member" }).returning({ id: users.id });
    const phone = { uid: u?.id, epoch: 0, sid: newSessionId() };
    const laptop = { uid: u?.id, epoch: 0, sid: newSessionId() };
    expect(await loadSessionUser({ db: t.handle.db }, phone)).toMatchObject({ email: "ann@example.com" });
    await revokeSession({ db: t.handle.db }, phone.sid, T0, WEEK);
    await revokeSession({ db: t.handle.db }, phone.sid, T0, WEEK); // a second sign-out with a copied cookie is harmless
    expect(await loadSessionUser({ db: t.handle.db }, phone)).toBeNull();
    expect(await loadSessionUser({ db: t.handle.db }, laptop)).toMatchObject({ email: "ann@example.com" });
  });

  it("keeps a revoked id until no token carrying it can be valid, then prunes it", async () => {
    await revokeSession({ db: t.handle.db }, "old-session-id-0123456789", T0, WEEK);
    await revokeSession({ db: t.handle.db }, "new-session-id-0123456789", new Date(T0.getTime() + WEEK - 1), WEEK);
    expect((await t.handle.db.select({ sid: revokedSessions.sid }).from(revokedSessions)).length).toBe(2);
    await revokeSession({ db: t.handle.db }, "later-session-id-0123456789", new Date(T0.getTime() + WEEK + 1), WEEK);
    const left = await t.handle.db.select({ sid: revokedSessions.sid }).from(revokedSessions).orderBy(revokedSessions.sid);
    expect(left.map((r) => r.sid)).toEqual(["later-session-id-0123456789", "new-session-id-0123456789"]);
  });
});
