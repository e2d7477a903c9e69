import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import type { ApiScope } from "./scopes";

export const ROLES = ["admin", "finance", "member"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Every permission, the API-key scope that carries it and the roles that hold it (DESIGN §4:
 * admin everything; finance dashboards, budgets, export; member dashboards, review).
 * The `admin` scope and the `admin` role carry every permission.
 */
const PERMISSIONS = {
  "events:write": { scope: "ingest", roles: [] },
  "dashboards:read": { scope: "read", roles: ["finance", "member"] },
  "review:write": { scope: "admin", roles: ["finance", "member"] },
  "budgets:manage": { scope: "admin", roles: ["finance"] },
  "plans:manage": { scope: "admin", roles: ["finance"] },
  "customers:manage": { scope: "admin", roles: ["finance"] },
  // The people directory (names, emails, aliases): admins keep it; everyone who reads dashboards reads it.
  "people:manage": { scope: "admin", roles: [] },
  "export:download": { scope: "export", roles: ["finance"] },
  // Customer revenue and margins are finance's, like the export: members see cost to serve and quotas.
  "customers:revenue": { scope: "export", roles: ["finance"] },
  "months:close": { scope: "admin", roles: ["finance"] },
  "months:reopen": { scope: "admin", roles: [] },
  "members:manage": { scope: "admin", roles: [] },
  "api_keys:manage": { scope: "admin", roles: [] },
  "audit:read": { scope: "admin", roles: [] },
  "settings:manage": { scope: "admin", roles: [] },
  // The price book (Settings → Prices): finance reads it, admins change it.
  "prices:read": { scope: "read", roles: ["finance"] },
  "prices:manage": { scope: "admin", roles: [] },
} as const satisfies Record<string, { scope: ApiScope; roles: readonly Role[] }>;

export type Permission = keyof typeof PERMISSIONS;

export function scopeFor(permission: Permission): ApiScope {
  return PERMISSIONS[permission].scope;
}

export function roleHas(role: Role, permission: Permission): boolean {
  return role === "admin" || (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === "system") return true;
  if (actor.kind === "user") return roleHas(actor.role, permission);
  return actor.scopes.includes("admin") || actor.scopes.includes(scopeFor(permission));
}

/** The one server-side check every `lib/` entry point makes; a hidden button is not enforcement. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (can(actor, permission)) return;
  throw new AppError(
    "forbidden",
    actor.kind === "api_key"
      ? `This API key lacks the '${scopeFor(permission)}' scope.`
      : `Your role (${actor.kind === "user" ? actor.role : "unknown"}) does not allow this.`,
  );
}
