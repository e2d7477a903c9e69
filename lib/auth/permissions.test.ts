import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { assertCan, can, type Permission } from "./permissions";

const user = (role: "admin" | "finance" | "member"): Actor => ({ kind: "user", userId: "u", email: "e@x", name: null, role });
const key = (...scopes: string[]): Actor => ({ kind: "api_key", keyId: "k", name: "k", scopes });

const ALL: Permission[] = [
  "events:write",
  "dashboards:read",
  "review:write",
  "budgets:manage",
  "export:download",
  "months:close",
  "months:reopen",
  "members:manage",
  "api_keys:manage",
  "audit:read",
  "settings:manage",
];

function granted(actor: Actor): Permission[] {
  return ALL.filter((p) => can(actor, p));
}

describe("roles and scopes (DESIGN §4)", () => {
  it("admin: everything; finance: dashboards, review, budgets, export and month close; member: dashboards, review", () => {
    expect(granted(user("admin"))).toEqual(ALL);
    expect(granted(user("finance"))).toEqual(["dashboards:read", "review:write", "budgets:manage", "export:download", "months:close"]);
    expect(granted(user("member"))).toEqual(["dashboards:read", "review:write"]);
  });

  it("a key holds exactly what its scopes carry; the admin scope carries everything", () => {
    expect(granted(key("ingest"))).toEqual(["events:write"]);
    expect(granted(key("read"))).toEqual(["dashboards:read"]);
    expect(granted(key("export"))).toEqual(["export:download"]);
    expect(granted(key("read", "export"))).toEqual(["dashboards:read", "export:download"]);
    expect(granted(key("admin"))).toEqual(ALL);
    expect(granted(key())).toEqual([]);
  });

  it("refusals name the missing scope or the role", () => {
    expect(() => assertCan(key("ingest"), "dashboards:read")).toThrow("lacks the 'read' scope");
    expect(() => assertCan(user("member"), "members:manage")).toThrow("Your role (member) does not allow this.");
    expect(() => assertCan(user("finance"), "export:download")).not.toThrow();
  });
});
