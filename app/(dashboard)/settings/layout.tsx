import type { ReactNode } from "react";
import { NavLink } from "@/components/layout/nav-link";
import { can } from "@/lib/auth/permissions";
import { SETTINGS_SECTIONS } from "@/lib/auth/settings-sections";
import { requireUser } from "@/lib/http/guard";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { actor } = await requireUser();
  const sections = SETTINGS_SECTIONS.filter((s) => can(actor, s.permission));
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      </header>
      {sections.length > 0 ? (
        <nav aria-label="Settings" className="flex flex-wrap gap-1 border-b border-slate-200 pb-2 text-sm">
          {sections.map((s) => (
            <NavLink key={s.href} href={s.href} match={s.href}>
              {s.label}
            </NavLink>
          ))}
        </nav>
      ) : null}
      {children}
    </div>
  );
}
