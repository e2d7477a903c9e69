import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/passwords";

export const DEMO_MEMBERS = [
  { email: "admin@demo.burnrate.dev", name: "Ada Admin", role: "admin" },
  { email: "finance@demo.burnrate.dev", name: "Fin Ance", role: "finance" },
  { email: "member@demo.burnrate.dev", name: "Mel Member", role: "member" },
] as const;

/**
 * One account per role, sharing a password that is new on every `npm run demo` (printed, never fixed in
 * the code): a demo left running on a network is not open to anyone who has read this repository.
 */
export async function ensureDemoMembers(db: Db): Promise<string> {
  const password = `demo-${randomBytes(9).toString("base64url")}`;
  const passwordHash = await hashPassword(password);
  for (const m of DEMO_MEMBERS) {
    await db
      .insert(users)
      .values({ ...m, passwordHash })
      .onConflictDoUpdate({ target: users.email, set: { passwordHash, role: m.role, deactivatedAt: null } });
  }
  return password;
}
