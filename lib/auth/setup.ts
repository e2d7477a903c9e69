import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/http/app-error";
import { lockMembers } from "./manage-members";
import { hashPassword } from "./passwords";
import { FirstAdminInput } from "./schemas";

/** First run only: creates the first admin when nobody exists yet (checked under a lock, so two tabs cannot both win). */
export async function createFirstAdmin(db: DbOrTx, input: FirstAdminInput, ip: string | null): Promise<{ email: string }> {
  const parsed = FirstAdminInput.parse(input);
  const passwordHash = await hashPassword(parsed.password);
  return db.transaction(async (tx) => {
    await lockMembers(tx);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    if ((count?.n ?? 0) > 0) throw new AppError("forbidden", "Setup is already done. Sign in instead.");
    const [row] = await tx
      .insert(users)
      .values({ email: parsed.email, name: parsed.name || null, role: "admin", passwordHash })
      .returning({ id: users.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(
      { db: tx, ip, actor: { kind: "user", userId: row.id, email: parsed.email, name: parsed.name || null, role: "admin" } },
      { action: "auth.setup" },
    );
    return { email: parsed.email };
  });
}
