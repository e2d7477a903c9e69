import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { ReplicaLagBanner } from "@/components/layout/replica-lag-banner";
import { can } from "@/lib/auth/permissions";
import { SETTINGS_SECTIONS } from "@/lib/auth/settings-sections";
import { listSavedViewsOnce } from "@/lib/explorer/saved-views";
import { SHORTCUTS } from "@/lib/explorer/view";
import { requireUser } from "@/lib/http/guard";
import { replicaLagSeconds } from "@/lib/start";
import { signOutAction } from "./actions";

// No loading.tsx at this level: a Suspense boundary here would commit a 200 before a page can answer
// 403 (forbidden()) or redirect; each screen that wants a skeleton has its own, e.g. (overview)/loading.tsx.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const ctx = await requireUser("dashboards:read");
  const { actor } = ctx;
  // Saved views from the primary (the explorer's actions write them); the lag is null without DATABASE_READ_URL.
  const [savedViews, lag] = await Promise.all([listSavedViewsOnce(ctx.db, ctx.actor), replicaLagSeconds()]);
  const nav: NavItem[] = [
    { href: "/", label: "Overview" },
    { href: "/spend", label: "Spend explorer" },
    ...SHORTCUTS.map((s) => ({ href: `/spend?group_by=${s.dimension}`, label: s.label, sub: true })),
    ...savedViews.map((v) => ({ href: `/spend?${v.query}`, label: v.name, sub: true })),
    { href: "/pull-requests", label: "Pull requests" },
    { href: "/review", label: "Weekly review" },
    { href: "/surfaces", label: "Surfaces" },
    { href: "/customers", label: "Customers" },
    { href: "/people", label: "People" },
    { href: "/me", label: "My spend" },
    { href: "/reconciliation", label: "Reconciliation" },
    { href: "/alerts", label: "Alerts" },
  ];
  if (can(actor, "export:download")) nav.push({ href: "/export", label: "Export" });
  const settings = SETTINGS_SECTIONS.find((s) => can(actor, s.permission));
  if (settings) nav.push({ href: settings.href, label: "Settings", match: "/settings" });
  return (
    <AppShell nav={nav} user={{ email: actor.email, name: actor.name, role: actor.role }} signOut={signOutAction}>
      <NuqsAdapter>
        <ReplicaLagBanner lagSeconds={lag} />
        {children}
      </NuqsAdapter>
    </AppShell>
  );
}
