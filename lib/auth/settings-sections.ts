import type { Permission } from "./permissions";

/** Settings screens in nav order, each with the permission that opens it. */
export const SETTINGS_SECTIONS: { href: string; label: string; permission: Permission }[] = [
  { href: "/settings/members", label: "Members", permission: "members:manage" },
  { href: "/settings/api-keys", label: "API keys", permission: "api_keys:manage" },
  { href: "/settings/budgets", label: "Budgets", permission: "budgets:manage" },
  { href: "/settings/plans", label: "Plans", permission: "plans:manage" },
  { href: "/settings/prices", label: "Prices", permission: "prices:read" },
  { href: "/settings/customers", label: "Customers", permission: "customers:manage" },
  { href: "/settings/people", label: "People", permission: "people:manage" },
  { href: "/settings/providers", label: "Providers", permission: "settings:manage" },
  { href: "/settings/alerts", label: "Alerts", permission: "settings:manage" },
  { href: "/settings/audit", label: "Audit log", permission: "audit:read" },
  // Every member may connect their own Claude Code or Codex; creating a key from it stays admin-only.
  { href: "/settings/connect", label: "Connect", permission: "dashboards:read" },
];
