import "server-only";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type AnonymousCtx, withTransaction } from "./actor";
import { lockMembers } from "./manage-members";
import { hashPassword } from "./passwords";
import { FirstAdminInput } from "./schemas";
import { consumeSetupToken, setupOpen, setupTokenMatches } from "./setup-token";

/**
 * First run only: creates the first admin while setup is open (nobody and no API key exists), for whoever holds
 * the setup token printed in the server log. Checked under a lock, so two tabs cannot both win.
 */
export async function createFirstAdmin(
  ctx: AnonymousCtx,
  input: FirstAdminInput,
  configuredToken = env().BURNRATE_SETUP_TOKEN,
): Promise<{ email: string }> {
  const parsed = FirstAdminInput.parse(input);
  const passwordHash = await hashPassword(parsed.password);
  return withTransaction(ctx, async (ctx) => {
    await lockMembers(ctx);
    if (!(await setupOpen(ctx))) throw new AppError("forbidden", "Setup is already done. Sign in instead.");
    if (!(await setupTokenMatches(ctx, parsed.token, configuredToken))) {
      throw new AppError("validation_failed", "That setup token is not the one in the server log.", [
        { path: "token", message: "Copy the setup token the server printed at start" },
      ]);
    }
    await consumeSetupToken(ctx);
    const [row] = await ctx.db
      .insert(users)
      .values({ email: parsed.email, name: parsed.name || null, role: "admin", passwordHash })
      .returning({ id: users.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(
      { ...ctx, actor: { kind: "user", userId: row.id, email: parsed.email, name: parsed.name || null, role: "admin" } },
      { action: "auth.setup" },
    );
    return { email: parsed.email };
  });
}
