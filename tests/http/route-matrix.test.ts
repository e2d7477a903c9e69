import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";
import { discoverAppRoutes } from "./support/routes";

/**
 * Every page and route handler under app/, discovered from the file tree, with what each kind of caller
 * must get. A new route without an entry here fails the first test, so nothing ships unprotected by accident.
 */
type Caller = "anonymous" | "member" | "finance" | "admin" | "key:ingest" | "key:read" | "key:export" | "key:admin";
/** A status, or "login" for a redirect to /login?next=<the page>, or "redirect:<path>". */
type Expect = number | "login" | `redirect:${string}`;

interface PageRule {
  kind: "page";
  path: string;
  expect: Partial<Record<Caller, Expect>>;
}
interface ApiRule {
  kind: "route";
  path: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** Send `Origin` like the app's own pages do (session callers' writes are refused cross-site). */
  sameOrigin?: boolean;
  expect: Record<Caller, Expect>;
}

const CALLERS: Caller[] = ["anonymous", "member", "finance", "admin", "key:ingest", "key:read", "key:export", "key:admin"];
const EVERYONE_200 = Object.fromEntries(CALLERS.map((c) => [c, 200])) as Record<Caller, Expect>;
const SIGNED_IN_DASHBOARD = { anonymous: "login", member: 200, finance: 200, admin: 200 } as const;
const ADMIN_SETTINGS = { anonymous: "login", member: 403, finance: 403, admin: 200 } as const;
const KEYS_ONLY = (scopes: Partial<Record<Caller, Expect>>): Record<Caller, Expect> => ({
  anonymous: 401,
  member: 401,
  finance: 401,
  admin: 401,
  "key:ingest": 403,
  "key:read": 403,
  "key:export": 403,
  "key:admin": 403,
  ...scopes,
});

const RULES: Record<string, (PageRule | ApiRule)[]> = {
  "page /": [{ kind: "page", path: "/", expect: SIGNED_IN_DASHBOARD }],
  "page /spend": [
    { kind: "page", path: "/spend?group_by=model&environment=production", expect: SIGNED_IN_DASHBOARD },
    // A malformed view is explained on the page (200), never a 500.
    { kind: "page", path: "/spend?group_by=colour&from=2026-02-30", expect: SIGNED_IN_DASHBOARD },
  ],
  // The explorer's "Download CSV": what reads the explorer (a session, or a read key) may download.
  "route /spend/download": [
    {
      kind: "route",
      path: "/spend/download?group_by=model&environment=production",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  "page /pull-requests": [{ kind: "page", path: "/pull-requests?state=merged", expect: SIGNED_IN_DASHBOARD }],
  "page /pull-requests/[owner]/[repo]/[number]": [
    { kind: "page", path: "/pull-requests/acme/none/1", expect: { anonymous: "login", member: 404, finance: 404, admin: 404 } },
  ],
  "page /export": [
    { kind: "page", path: "/export?month=2026-10", expect: { anonymous: "login", member: 403, finance: 200, admin: 200 } },
    // A malformed month is explained on the page, never a 500.
    { kind: "page", path: "/export?month=2026-13", expect: { anonymous: "login", member: 403, finance: 200, admin: 200 } },
  ],
  "page /review": [
    { kind: "page", path: "/review?week=2026-W44", expect: SIGNED_IN_DASHBOARD },
    { kind: "page", path: "/review?week=2026-W60", expect: SIGNED_IN_DASHBOARD },
  ],
  "page /surfaces": [
    { kind: "page", path: "/surfaces?month=2026-10", expect: SIGNED_IN_DASHBOARD },
    { kind: "page", path: "/surfaces?month=October", expect: SIGNED_IN_DASHBOARD },
  ],
  "page /customers": [
    { kind: "page", path: "/customers?month=2026-05&all=1", expect: SIGNED_IN_DASHBOARD },
    { kind: "page", path: "/customers?month=May", expect: SIGNED_IN_DASHBOARD },
  ],
  "page /people": [
    { kind: "page", path: "/people?month=2026-10", expect: SIGNED_IN_DASHBOARD },
    { kind: "page", path: "/people?month=October", expect: SIGNED_IN_DASHBOARD },
  ],
  "page /me": [{ kind: "page", path: "/me", expect: SIGNED_IN_DASHBOARD }],
  "page /settings/people": [{ kind: "page", path: "/settings/people", expect: ADMIN_SETTINGS }],
  "page /settings/customers": [
    { kind: "page", path: "/settings/customers", expect: { anonymous: "login", member: 403, finance: 200, admin: 200 } },
  ],
  "page /sessions/[session]": [
    { kind: "page", path: "/sessions/no-such-session", expect: { anonymous: "login", member: 404, finance: 404, admin: 404 } },
  ],
  "page /login": [{ kind: "page", path: "/login", expect: { anonymous: 200, member: "redirect:/", admin: "redirect:/" } }],
  // Closed for everyone once anyone or any API key exists (this server has both); the setup-token flow of a fresh
  // install and a headless one with only an init key are in tests/http/identity.test.ts.
  "page /setup": [
    {
      kind: "page",
      path: "/setup",
      expect: { anonymous: "redirect:/login", member: "redirect:/login", finance: "redirect:/login", admin: "redirect:/login" },
    },
  ],
  // Public by design: the single-use token is the credential; an unknown one gets an explanation, not a form.
  "page /invite/[token]": [{ kind: "page", path: "/invite/0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", expect: { anonymous: 200 } }],
  // Members have one settings screen, Connect (their own Claude Code / Codex setup); finance starts at Budgets.
  "page /settings": [
    {
      kind: "page",
      path: "/settings",
      expect: {
        anonymous: "login",
        member: "redirect:/settings/connect",
        finance: "redirect:/settings/budgets",
        admin: "redirect:/settings/members",
      },
    },
  ],
  "page /settings/connect": [{ kind: "page", path: "/settings/connect", expect: SIGNED_IN_DASHBOARD }],
  // Every member sees how to connect each gateway; key creation and Helicone's secrets are admin-only inside.
  "page /settings/connect/litellm": [{ kind: "page", path: "/settings/connect/litellm", expect: SIGNED_IN_DASHBOARD }],
  "page /settings/connect/openmeter": [{ kind: "page", path: "/settings/connect/openmeter", expect: SIGNED_IN_DASHBOARD }],
  "page /settings/connect/helicone": [{ kind: "page", path: "/settings/connect/helicone", expect: SIGNED_IN_DASHBOARD }],
  "page /settings/members": [{ kind: "page", path: "/settings/members", expect: ADMIN_SETTINGS }],
  "page /settings/api-keys": [{ kind: "page", path: "/settings/api-keys", expect: ADMIN_SETTINGS }],
  // Admin and finance set the plans whose fees count in spend.
  // Finance reads the price book; only admins change it (the page shows finance no forms).
  "page /settings/prices": [
    { kind: "page", path: "/settings/prices?model=gpt", expect: { anonymous: "login", member: 403, finance: 200, admin: 200 } },
  ],
  "page /settings/plans": [
    { kind: "page", path: "/settings/plans", expect: { anonymous: "login", member: 403, finance: 200, admin: 200 } },
  ],
  "page /settings/providers": [{ kind: "page", path: "/settings/providers", expect: ADMIN_SETTINGS }],
  "page /reconciliation": [
    { kind: "page", path: "/reconciliation?month=2026-04&source=bill&group_by=api_key", expect: SIGNED_IN_DASHBOARD },
    { kind: "page", path: "/reconciliation?month=2026-13", expect: SIGNED_IN_DASHBOARD },
  ],
  "page /settings/audit": [{ kind: "page", path: "/settings/audit", expect: ADMIN_SETTINGS }],
  "page /settings/alerts": [{ kind: "page", path: "/settings/alerts", expect: ADMIN_SETTINGS }],
  "page /settings/budgets": [
    { kind: "page", path: "/settings/budgets", expect: { anonymous: "login", member: 403, finance: 200, admin: 200 } },
  ],
  "page /alerts": [
    { kind: "page", path: "/alerts", expect: SIGNED_IN_DASHBOARD },
    // A bad filter value gets the invalid-link view (still a 200 page), never a 500.
    { kind: "page", path: "/alerts?kind=budget&delivery=failed&days=7", expect: SIGNED_IN_DASHBOARD },
    { kind: "page", path: "/alerts?kind=nonsense&days=-1", expect: SIGNED_IN_DASHBOARD },
  ],
  "route /api/health": [
    {
      kind: "route",
      path: "/api/health",
      method: "GET",
      expect: EVERYONE_200,
    },
  ],
  // Auth.js's own endpoints (sign-in, CSRF token, providers) must be reachable before signing in.
  "route /api/auth/[...nextauth]": [
    {
      kind: "route",
      path: "/api/auth/providers",
      method: "GET",
      expect: EVERYONE_200,
    },
  ],
  // Signed, not authenticated: no session or key opens it (the signature check has its own tests).
  "route /api/v1/webhooks/github": [
    {
      kind: "route",
      path: "/api/v1/webhooks/github",
      method: "POST",
      body: {},
      expect: Object.fromEntries(CALLERS.map((c) => [c, 401])) as Record<Caller, Expect>,
    },
  ],
  // Cron: CRON_SECRET is unset on this server, so the endpoint is off for everyone (its own test covers the secret).
  "route /api/v1/cron/sync": [
    {
      kind: "route",
      path: "/api/v1/cron/sync",
      method: "POST",
      body: {},
      expect: Object.fromEntries(CALLERS.map((c) => [c, 503])) as Record<Caller, Expect>,
    },
  ],
  "route /api/v1/reconciliation": [
    {
      kind: "route",
      path: "/api/v1/reconciliation?from=2026-04-01&to=2026-04-30",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  "route /api/v1/pull-requests": [
    {
      kind: "route",
      path: "/api/v1/pull-requests",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  "route /api/v1/review": [
    {
      kind: "route",
      path: "/api/v1/review?week=2026-W44",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  "route /api/v1/events": [
    {
      kind: "route",
      path: "/api/v1/events",
      method: "POST",
      body: { events: [] },
      expect: KEYS_ONLY({ "key:ingest": 200, "key:admin": 200 }),
    },
  ],
  // OTLP/HTTP exporters send a key, never a session: cookies get 401 like any keyless request.
  ...Object.fromEntries(
    ["logs", "metrics", "traces"].map((signal) => [
      `route /api/v1/otlp/v1/${signal}`,
      [
        {
          kind: "route",
          path: `/api/v1/otlp/v1/${signal}`,
          method: "POST",
          body: {},
          expect: KEYS_ONLY({ "key:ingest": 200, "key:admin": 200 }),
        } satisfies ApiRule,
      ],
    ]),
  ),
  "route /api/v1/export": [
    {
      kind: "route",
      path: "/api/v1/export?month=2026-10&format=csv",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:export": 200, "key:admin": 200 }), member: 403, finance: 200, admin: 200 },
    },
  ],
  // The Export screen's downloads: the same stream and rules, named by format and granularity.
  "route /export/download": [
    {
      kind: "route",
      path: "/export/download?month=2026-10&format=focus&granularity=event",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:export": 200, "key:admin": 200 }), member: 403, finance: 200, admin: 200 },
    },
  ],
  // Budgets (DESIGN §3.6): reads with scope read or any session; writes with scope admin or a finance/admin session.
  "route /api/v1/budgets": [
    {
      kind: "route",
      path: "/api/v1/budgets",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
    {
      kind: "route",
      path: "/api/v1/budgets",
      method: "POST",
      body: { name: "matrix", amount_usd: "1", period: "day" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 201 }), member: 403, finance: 201, admin: 201 },
    },
  ],
  "route /api/v1/budgets/[id]": [
    {
      kind: "route",
      path: "/api/v1/budgets/00000000-0000-4000-8000-000000000000",
      method: "DELETE",
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 404 }), member: 403, finance: 404, admin: 404 },
    },
  ],
  "route /api/v1/budgets/check": [
    {
      kind: "route",
      path: "/api/v1/budgets/check?team=platform",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  "route /api/v1/alerts": [
    {
      kind: "route",
      path: "/api/v1/alerts?since=2026-01-01T00:00:00Z",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  // The global alert webhook (Settings → Alerts): scope admin or an admin session. Not a URL: as far as validation.
  "route /api/v1/alerts/destination": [
    {
      kind: "route",
      path: "/api/v1/alerts/destination",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:admin": 200 }), member: 403, finance: 403, admin: 200 },
    },
    {
      kind: "route",
      path: "/api/v1/alerts/destination",
      method: "PUT",
      body: { url: "matrix" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 400 }), member: 403, finance: 403, admin: 400 },
    },
    {
      kind: "route",
      path: "/api/v1/alerts/destination",
      method: "DELETE",
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 200 }), member: 403, finance: 403, admin: 200 },
    },
  ],
  // No webhook is set on this server: whoever may send gets as far as "nothing to send to".
  "route /api/v1/alerts/destination/test": [
    {
      kind: "route",
      path: "/api/v1/alerts/destination/test",
      method: "POST",
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 409 }), member: 403, finance: 403, admin: 409 },
    },
  ],
  "route /api/v1/customers/[customer]/usage": [
    {
      kind: "route",
      path: "/api/v1/customers/acme/usage?month=2026-05",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  "route /api/v1/customers/usage.csv": [
    {
      kind: "route",
      path: "/api/v1/customers/usage.csv?month=2026-05",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:export": 200, "key:admin": 200 }), member: 403, finance: 200, admin: 200 },
    },
  ],
  // People (DESIGN §3.12): reads with scope read or any session; the directory is kept by scope admin or an admin session.
  "route /api/v1/people": [
    {
      kind: "route",
      path: "/api/v1/people?active=true",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
    // No email: whoever may write gets as far as validation (a valid body would clash with itself on the second caller).
    {
      kind: "route",
      path: "/api/v1/people",
      method: "POST",
      body: { name: "matrix" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 400 }), member: 403, finance: 403, admin: 400 },
    },
  ],
  "route /api/v1/people/[id]": [
    {
      kind: "route",
      path: "/api/v1/people/00000000-0000-4000-8000-000000000000",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 404, "key:admin": 404 }), member: 404, finance: 404, admin: 404 },
    },
    {
      kind: "route",
      path: "/api/v1/people/00000000-0000-4000-8000-000000000000",
      method: "PATCH",
      body: { team: "matrix" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 404 }), member: 403, finance: 403, admin: 404 },
    },
    {
      kind: "route",
      path: "/api/v1/people/00000000-0000-4000-8000-000000000000",
      method: "DELETE",
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 404 }), member: 403, finance: 403, admin: 404 },
    },
  ],
  "route /api/v1/people/[id]/aliases": [
    {
      kind: "route",
      path: "/api/v1/people/00000000-0000-4000-8000-000000000000/aliases",
      method: "POST",
      body: { kind: "github_login", value: "matrix" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 404 }), member: 403, finance: 403, admin: 404 },
    },
  ],
  "route /api/v1/people/unmapped": [
    {
      kind: "route",
      path: "/api/v1/people/unmapped?days=90",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
  // Plans (DESIGN §3.12): reads with scope read or any session; changes with scope admin or a finance/admin session.
  "route /api/v1/plans": [
    {
      kind: "route",
      path: "/api/v1/plans",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
    // Incomplete: whoever may write gets as far as validation (a valid body would clash with itself on the second caller).
    {
      kind: "route",
      path: "/api/v1/plans",
      method: "POST",
      body: { name: "matrix" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 400 }), member: 403, finance: 400, admin: 400 },
    },
  ],
  "route /api/v1/plans/[id]": [
    {
      kind: "route",
      path: "/api/v1/plans/00000000-0000-4000-8000-000000000000",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 404, "key:admin": 404 }), member: 404, finance: 404, admin: 404 },
    },
    {
      kind: "route",
      path: "/api/v1/plans/00000000-0000-4000-8000-000000000000",
      method: "PATCH",
      body: { seats: 2 },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 404 }), member: 403, finance: 404, admin: 404 },
    },
    {
      kind: "route",
      path: "/api/v1/plans/00000000-0000-4000-8000-000000000000",
      method: "DELETE",
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 404 }), member: 403, finance: 404, admin: 404 },
    },
  ],
  // Gateways post with an ingest key, as /api/v1/events.
  "route /api/v1/integrations/litellm": [
    {
      kind: "route",
      path: "/api/v1/integrations/litellm",
      method: "POST",
      body: [],
      expect: KEYS_ONLY({ "key:ingest": 200, "key:admin": 200 }),
    },
  ],
  "route /api/v1/integrations/openmeter": [
    {
      kind: "route",
      path: "/api/v1/integrations/openmeter",
      method: "POST",
      body: { specversion: "1.0", id: "matrix", source: "matrix", type: "other", subject: "s" },
      expect: KEYS_ONLY({ "key:ingest": 204, "key:admin": 204 }),
    },
  ],
  "route /api/v1/integrations/openmeter/api/v1/events": [
    {
      kind: "route",
      path: "/api/v1/integrations/openmeter/api/v1/events",
      method: "POST",
      body: { specversion: "1.0", id: "matrix", source: "matrix", type: "other", subject: "s" },
      expect: KEYS_ONLY({ "key:ingest": 204, "key:admin": 204 }),
    },
  ],
  // Signed like GitHub's webhook: no key or session opens it, an unsigned delivery is 401 for everyone.
  "route /api/v1/integrations/helicone": [
    {
      kind: "route",
      path: "/api/v1/integrations/helicone",
      method: "POST",
      body: { request_id: "x" },
      expect: Object.fromEntries(CALLERS.map((c) => [c, 401])) as Record<Caller, Expect>,
    },
  ],
  // Prices (DESIGN §3.12): reads with scope read or any session; changes with scope admin or an admin session.
  "route /api/v1/prices": [
    {
      kind: "route",
      path: "/api/v1/prices?model=gpt-4.1",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 403, finance: 200, admin: 200 },
    },
    {
      kind: "route",
      path: "/api/v1/prices",
      method: "POST",
      body: { provider: "openai" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 400 }), member: 403, finance: 403, admin: 400 },
    },
  ],
  "route /api/v1/prices/[id]": [
    {
      kind: "route",
      path: "/api/v1/prices/00000000-0000-4000-8000-000000000000",
      method: "DELETE",
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 404 }), member: 403, finance: 403, admin: 404 },
    },
  ],
  "route /api/v1/prices/reprice": [
    {
      kind: "route",
      path: "/api/v1/prices/reprice",
      method: "POST",
      body: { dry_run: "yes" },
      sameOrigin: true,
      expect: { ...KEYS_ONLY({ "key:admin": 400 }), member: 403, finance: 403, admin: 400 },
    },
  ],
  "route /api/v1/prices/reprice/[id]": [
    {
      kind: "route",
      path: "/api/v1/prices/reprice/00000000-0000-4000-8000-000000000000",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 404, "key:admin": 404 }), member: 403, finance: 404, admin: 404 },
    },
  ],
  "route /api/v1/spend": [
    {
      kind: "route",
      path: "/api/v1/spend",
      method: "GET",
      expect: { ...KEYS_ONLY({ "key:read": 200, "key:admin": 200 }), member: 200, finance: 200, admin: 200 },
    },
  ],
};

describe("route discovery", () => {
  it("every page and route handler in app/ has an access rule", () => {
    const discovered = discoverAppRoutes()
      .map((r) => `${r.kind} ${r.path}`)
      .sort();
    expect(discovered.length).toBeGreaterThanOrEqual(10);
    expect(discovered).toEqual(Object.keys(RULES).sort());
  });
});

for (const kind of testBackends()) {
  describe(`access matrix over HTTP [${kind}]`, () => {
    let b: Backend;
    const headersFor: Partial<Record<Caller, Record<string, string>>> = {};
    beforeAll(async () => {
      // One trusted proxy, so the HTTPS case below can send X-Forwarded-Proto as a TLS-terminating proxy would.
      b = await startBackend(kind, { BURNRATE_TRUSTED_PROXIES: "1" });
      headersFor.anonymous = {};
      for (const role of ["member", "finance", "admin"] as const) {
        headersFor[role] = { cookie: (await signInOverHttp(b.server.url, ROLE_EMAILS[role], MEMBER_PASSWORD)).cookie };
      }
      for (const scope of ["ingest", "read", "export", "admin"] as const) {
        headersFor[`key:${scope}`] = { authorization: `Bearer ${b.keys[scope]}` };
      }
    });
    afterAll(async () => {
      await b?.close();
    });

    const rules = Object.values(RULES).flat();
    for (const rule of rules) {
      const callers = CALLERS.filter((c) => rule.expect[c] !== undefined);
      it(`${rule.kind === "page" ? "GET" : rule.method} ${rule.path}: ${callers.map((c) => `${c}→${rule.expect[c]}`).join(", ")}`, async () => {
        for (const caller of callers) {
          const want = rule.expect[caller] as Expect;
          const res = await fetch(`${b.server.url}${rule.path}`, {
            method: rule.kind === "route" ? rule.method : "GET",
            redirect: "manual",
            headers: {
              ...headersFor[caller],
              ...(rule.kind === "route" && rule.body ? { "content-type": "application/json" } : {}),
              ...(rule.kind === "route" && rule.sameOrigin ? { origin: b.server.url } : {}),
            },
            body: rule.kind === "route" && rule.body ? JSON.stringify(rule.body) : undefined,
          });
          const location = res.headers.get("location");
          const got =
            res.status >= 300 && res.status < 400 && location
              ? new URL(location, b.server.url).pathname === "/login" &&
                new URL(location, b.server.url).searchParams.get("next") === rule.path
                ? "login"
                : `redirect:${new URL(location, b.server.url).pathname}`
              : res.status;
          expect({ caller, got }).toEqual({ caller, got: want });
          if (rule.kind === "route" && typeof want === "number" && want >= 400) {
            expect((await res.json()).error.code).toBe(
              (
                {
                  400: "validation_failed",
                  401: "unauthorized",
                  403: "forbidden",
                  404: "not_found",
                  409: "conflict",
                  503: "disabled",
                } as Record<number, string>
              )[want],
            );
          } else {
            await res.body?.cancel();
          }
        }
      });
    }

    it("pages carry the security headers, with a fresh script nonce per response", async () => {
      const [a, c] = await Promise.all([fetch(`${b.server.url}/login`), fetch(`${b.server.url}/login`)]);
      const csp = a.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(c.headers.get("content-security-policy")).not.toBe(csp);
      expect(a.headers.get("x-content-type-options")).toBe("nosniff");
      expect(a.headers.get("x-frame-options")).toBe("DENY");
      expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      const html = await a.text();
      expect(html).toContain(`nonce="${nonce}"`);
      await c.body?.cancel();
    });

    it("session cookies are HttpOnly and SameSite=Lax, and Secure (with the __Secure- prefix) behind HTTPS", async () => {
      const plain = await signInOverHttp(b.server.url, ROLE_EMAILS.member, MEMBER_PASSWORD);
      const cookie = plain.setCookie.find((c) => c.startsWith("authjs.session-token=")) ?? "";
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const tls = await signInOverHttp(b.server.url, ROLE_EMAILS.member, MEMBER_PASSWORD, { "x-forwarded-proto": "https" });
      const secure = tls.setCookie.find((c) => c.startsWith("__Secure-authjs.session-token=")) ?? "";
      expect(secure).toMatch(/;\s*Secure/i);
      expect(secure).toMatch(/HttpOnly/i);
    });

    it("a forged or stale session cookie is treated as no session", async () => {
      const res = await fetch(`${b.server.url}/api/v1/spend`, { headers: { cookie: "authjs.session-token=forged.value.here" } });
      expect(res.status).toBe(401);
      const page = await fetch(`${b.server.url}/settings/members`, {
        redirect: "manual",
        headers: { cookie: "authjs.session-token=forged" },
      });
      expect(page.status).toBe(307);
    });
  });
}
