import { forbidden, redirect } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { SETTINGS_SECTIONS } from "@/lib/auth/settings-sections";
import { requireUser } from "@/lib/http/guard";

export const dynamic = "force-dynamic";

/** Opens the first settings screen this role may use. */
export default async function SettingsIndex() {
  const { actor } = await requireUser();
  const first = SETTINGS_SECTIONS.find((s) => can(actor, s.permission));
  if (!first) forbidden();
  redirect(first.href);
}
