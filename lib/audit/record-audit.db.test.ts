import { expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { describeEachDatabase } from "@/scripts/test/databases";
import { ANONYMOUS_AUDIT_LIMITS as L, recordAnonymousAudit } from "./record-audit";

const T0 = new Date("2026-11-20T10:00:00Z");
const failed = (target: string) => ({ action: "auth.sign_in_failed" as const, target, details: { method: "password" } });

describeEachDatabase("anonymous audit entries are bounded", (t) => {
  const rows = () =>
    t.handle.db.select({ action: auditLog.action, target: auditLog.target, ip: auditLog.ip }).from(auditLog).orderBy(auditLog.id);

  it("one address: at most the cap per window, then one summary entry, then nothing until the next window", async () => {
    for (let i = 0; i < L.perAddress + 30; i++) {
      await recordAnonymousAudit({ db: t.handle.db, ip: "203.0.113.5" }, failed(`user${i}@example.com`), T0);
    }
    const logged = await rows();
    expect(logged).toHaveLength(L.perAddress + 1);
    expect(logged.at(-1)).toEqual({ action: "auth.anonymous_suppressed", target: "203.0.113.5", ip: "203.0.113.5" });
    await recordAnonymousAudit({ db: t.handle.db, ip: "203.0.113.5" }, failed("late@example.com"), new Date(T0.getTime() + L.windowMs));
    expect(await rows()).toHaveLength(L.perAddress + 2);
  });

  it("one account from many addresses, and everything overall, are capped too", async () => {
    for (let i = 0; i < L.perAccount + 5; i++) {
      await recordAnonymousAudit({ db: t.handle.db, ip: `198.51.100.${i}` }, failed("Admin@example.com"), T0);
    }
    const logged = await rows();
    expect(logged).toHaveLength(L.perAccount + 1);
    expect(logged.at(-1)).toMatchObject({ action: "auth.anonymous_suppressed", target: "Admin@example.com" });
  });
});
