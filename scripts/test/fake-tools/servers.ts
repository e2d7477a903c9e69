import Big from "big.js";
import type { Answer, FakeServer } from "../fake-providers/server";
import { startFake } from "../fake-providers/server";
import type { FakeToolDataset } from "./dataset";

const DAY = 86_400_000;
const ORG_ID = "4f6c2a1e-7b3d-4c9a-8e21-5d0f9a3b7c11";

/**
 * `GET /v1/organizations/usage_report/claude_code` (specs/anthropic-admin-api.md §4): `starting_at` a bare UTC date,
 * that day only; `limit` 1..1000 (default 20) records a page; `page` an opaque cursor. Cents as numbers.
 */
export function claudeCodeAnswer(data: FakeToolDataset, url: URL): Answer {
  const day = url.searchParams.get("starting_at") ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error("starting_at must be a UTC date, YYYY-MM-DD");
  const limit = Number(url.searchParams.get("limit") ?? "20");
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error("limit must be between 1 and 1000");
  const offset = url.searchParams.has("page") ? Number(Buffer.from(url.searchParams.get("page") ?? "", "base64url").toString()) : 0;
  const all = data.claude.filter((r) => r.day === day);
  const slice = all.slice(offset, offset + limit);
  const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString("base64url") : null;
  return {
    status: 200,
    body: {
      data: slice.map((r) => ({
        date: `${r.day}T00:00:00Z`,
        actor: { type: "user_actor", email_address: r.email },
        organization_id: ORG_ID,
        customer_type: r.subscription ? "subscription" : "api",
        subscription_type: r.subscription ? "team" : null,
        terminal_type: "vscode",
        core_metrics: {
          num_sessions: r.sessions,
          lines_of_code: { added: r.linesAdded, removed: r.linesRemoved },
          commits_by_claude_code: r.commits,
          pull_requests_by_claude_code: r.prs,
        },
        tool_actions: {
          edit_tool: { accepted: r.sessions * 3, rejected: r.sessions % 2 },
          multi_edit_tool: { accepted: 1, rejected: 0 },
          write_tool: { accepted: 1, rejected: 0 },
          notebook_edit_tool: { accepted: 0, rejected: 0 },
        },
        model_breakdown: r.models.map((m) => ({
          model: m.model,
          tokens: { input: m.input, output: m.output, cache_read: m.cacheRead, cache_creation: m.cacheCreation },
          estimated_cost: { amount: m.cents, currency: "USD" },
        })),
      })),
      has_more: next !== null,
      next_page: next,
    },
  };
}

/** Claude Code Analytics on its own server (`x-api-key`), for tests that want it apart from the usage reports. */
export function startFakeClaudeCode(data: FakeToolDataset, opts: { key: string; port?: number }): Promise<FakeServer> {
  return startFake(
    (url, req) => {
      if (!req.headers["anthropic-version"]) throw new Error("anthropic-version header is required");
      if (url.pathname === "/v1/organizations/usage_report/claude_code") return claudeCodeAnswer(data, url);
      return { status: 404, body: { type: "error", error: { type: "not_found_error", message: "Not found" } } };
    },
    {
      port: opts.port,
      authorized: (req) => req.headers["x-api-key"] === opts.key,
      error: (_s, type, message) => ({ type: "error", error: { type, message } }),
    },
  );
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/**
 * The Cursor Admin API (specs/cursor-admin-api.md): Basic auth (key as user name, empty password), GET members, POST
 * filtered-usage-events (inclusive epoch-ms bounds, pages of `pageSize` ≤ 1000, newest first, timestamps as strings)
 * and daily-usage-data (end exclusive, ≤ 30 days, every member when paginated), `{error, message}` errors.
 */
export function startFakeCursor(data: FakeToolDataset, opts: { key: string; port?: number }): Promise<FakeServer> {
  const auth = `Basic ${Buffer.from(`${opts.key}:`).toString("base64")}`;
  return startFake(
    (url, req, raw) => {
      if (url.pathname === "/teams/members" && req.method === "GET") {
        return {
          status: 200,
          body: {
            teamMembers: [
              ...data.people.map((p, i) => ({
                id: `user_${i}`,
                name: p.email.split("@")[0],
                email: p.email,
                role: i === 0 ? "owner" : "member",
                isRemoved: false,
              })),
              ...data.removed.map((email, i) => ({ id: `user_removed_${i}`, name: email, email, role: "member", isRemoved: true })),
            ],
          },
        };
      }
      if (req.method !== "POST") return { status: 404, body: { error: "Not Found", message: "Not found" } };
      if (!String(req.headers["content-type"] ?? "").startsWith("application/json"))
        throw new Error("Content-Type must be application/json");
      const body = JSON.parse(raw || "{}") as { startDate?: unknown; endDate?: unknown; page?: number; pageSize?: number };
      if (typeof body.startDate !== "number" || typeof body.endDate !== "number")
        throw new Error("startDate and endDate must be epoch milliseconds");
      if (body.startDate < 1e12) throw new Error("startDate looks like seconds, not milliseconds");
      const page = body.page ?? 1;
      if (url.pathname === "/teams/filtered-usage-events") {
        const size = body.pageSize ?? 100;
        if (size < 1 || size > 1000) throw new Error("pageSize must be between 1 and 1000");
        const hits = data.cursor
          .filter((e) => e.ms >= (body.startDate as number) && e.ms <= (body.endDate as number))
          .sort((a, b) => b.ms - a.ms);
        const pages = Math.max(1, Math.ceil(hits.length / size));
        return {
          status: 200,
          body: {
            totalUsageEventsCount: hits.length,
            pagination: { numPages: pages, currentPage: page, pageSize: size, hasNextPage: page < pages, hasPreviousPage: page > 1 },
            usageEvents: hits.slice((page - 1) * size, page * size).map((e) => cursorEventJson(e)),
            period: { startDate: body.startDate, endDate: body.endDate },
          },
        };
      }
      if (url.pathname === "/teams/daily-usage-data") {
        if ((body.endDate as number) - (body.startDate as number) > 30 * DAY) throw new Error("Date range cannot exceed 30 days");
        const size = body.pageSize ?? 1000;
        const users = data.people.slice((page - 1) * size, page * size);
        const rows = [];
        for (let t = body.startDate as number; t < (body.endDate as number); t += DAY) {
          const day = new Date(t).toISOString().slice(0, 10);
          for (const [i, p] of users.entries()) {
            const events = data.cursor.filter((e) => e.email === p.email && new Date(e.ms).toISOString().slice(0, 10) === day);
            rows.push({
              userId: 40000 + i,
              day,
              date: t,
              email: p.email,
              isActive: events.length > 0,
              totalLinesAdded: events.length * 50,
              totalLinesDeleted: events.length * 7,
              acceptedLinesAdded: events.length * 20,
              acceptedLinesDeleted: events.length,
              totalApplies: events.length,
              totalAccepts: events.length,
              totalRejects: 0,
              totalTabsShown: events.length * 30,
              totalTabsAccepted: events.length * 9,
              composerRequests: 0,
              chatRequests: 0,
              agentRequests: events.length,
              cmdkUsages: 0,
              subscriptionIncludedReqs: events.filter((e) => e.kind.startsWith("Included")).length,
              usageBasedReqs: events.filter((e) => e.kind === "Usage-based").length,
              apiKeyReqs: 0,
              bugbotUsages: 0,
              mostUsedModel: events[0]?.model ?? null,
              applyMostUsedExtension: events.length ? ".ts" : null,
              tabMostUsedExtension: events.length ? ".ts" : null,
              clientVersion: events.length ? "2.4.7" : null,
            });
          }
        }
        const totalPages = Math.max(1, Math.ceil(data.people.length / size));
        return {
          status: 200,
          body: {
            data: rows,
            period: { startDate: body.startDate, endDate: body.endDate },
            pagination: {
              page,
              pageSize: size,
              totalUsers: data.people.length,
              totalPages,
              hasNextPage: page < totalPages,
              hasPreviousPage: page > 1,
            },
          },
        };
      }
      return { status: 404, body: { error: "Not Found", message: "Not found" } };
    },
    {
      port: opts.port,
      authorized: (req) => req.headers.authorization === auth,
      error: (status, _type, message) => ({ error: REASONS[status] ?? "Error", message: status === 401 ? "Invalid API key" : message }),
    },
  );
}

function cursorEventJson(e: FakeToolDataset["cursor"][number]) {
  const errored = e.kind.startsWith("Errored");
  return {
    timestamp: String(e.ms),
    userEmail: e.email,
    conversationId: e.conversationId,
    model: e.model,
    kind: e.kind,
    maxMode: false,
    requestsCosts: errored ? 0 : 1,
    isTokenBasedCall: !errored,
    isChargeable: e.kind === "Usage-based",
    isHeadless: false,
    ...(errored
      ? {}
      : {
          tokenUsage: {
            inputTokens: e.input,
            outputTokens: e.output,
            cacheWriteTokens: e.cacheWrite,
            cacheReadTokens: e.cacheRead,
            totalCents: Number(new Big(e.chargedCents).times("0.8").toFixed(4)),
          },
        }),
    chargedCents: Number(e.chargedCents),
  };
}

/**
 * GitHub Copilot for one org (specs/github-copilot-usage-api.md): `/orgs/{org}/copilot/billing[/seats]`, the
 * users-1-day metrics report (download links on this server, NDJSON; 204 for a day with no report), the AI-credit
 * and premium-request reports (one aggregate per filter, no date or user in items), and the general billing usage
 * report. Bearer token; `/organizations/` and `/orgs/` prefixes as GitHub has them (the wrong one 404s).
 */
export function startFakeCopilot(
  data: FakeToolDataset,
  opts: { token: string; org: string; port?: number; planType?: "business" | "enterprise" },
): Promise<FakeServer> {
  const logins = [...data.people.map((p) => p.login), ...data.idleSeats];
  const fee = opts.planType === "enterprise" ? 39 : 19;
  let self = "";
  const server = startFake(
    (url) => {
      const p = url.pathname;
      const q = url.searchParams;
      if (p === `/orgs/${opts.org}/copilot/billing`) {
        return {
          status: 200,
          body: {
            seat_breakdown: {
              total: logins.length,
              added_this_cycle: 0,
              pending_invitation: 0,
              pending_cancellation: 0,
              active_this_cycle: data.people.length,
              inactive_this_cycle: data.idleSeats.length,
            },
            seat_management_setting: "assign_selected",
            ide_chat: "enabled",
            platform_chat: "enabled",
            cli: "enabled",
            public_code_suggestions: "block",
            plan_type: opts.planType ?? "business",
          },
        };
      }
      if (p === `/orgs/${opts.org}/copilot/billing/seats`) {
        const per = Number(q.get("per_page") ?? "50");
        const page = Number(q.get("page") ?? "1");
        if (per < 1 || per > 100) throw new Error("per_page must be between 1 and 100");
        return {
          status: 200,
          body: {
            total_seats: logins.length,
            seats: logins.slice((page - 1) * per, page * per).map((login, i) => ({
              created_at: "2026-02-03T09:12:44Z",
              pending_cancellation_date: null,
              last_activity_at: null,
              last_activity_editor: null,
              last_authenticated_at: null,
              plan_type: opts.planType ?? "business",
              assignee: { login, id: 90000100 + i, node_id: `U_${i}`, type: "User", site_admin: false },
              assigning_team: null,
            })),
          },
        };
      }
      if (p === `/orgs/${opts.org}/copilot/metrics/reports/users-1-day`) {
        const day = q.get("day") ?? "";
        if (!data.copilot.some((c) => c.day === day && c.login)) return { status: 204, body: "" };
        return {
          status: 200,
          body: { download_links: [`${self}/reports/${opts.org}/users-1-day/${day}/part-0.ndjson?sig=fixture`], report_day: day },
        };
      }
      const report = p.match(/^\/reports\/[^/]+\/users-1-day\/(\d{4}-\d{2}-\d{2})\/part-0\.ndjson$/);
      if (report) {
        const day = report[1];
        const active = [...new Set(data.copilot.filter((c) => c.day === day && c.login).map((c) => c.login as string))];
        const lines = active.map((login, i) =>
          JSON.stringify({
            day,
            organization_id: "61000001",
            user_id: 90000100 + i,
            user_login: login,
            user_initiated_interaction_count: 4 + i,
            code_generation_activity_count: 10,
            code_acceptance_activity_count: 3,
            loc_suggested_to_add_sum: 60,
            loc_suggested_to_delete_sum: 0,
            loc_added_sum: 35 + i,
            loc_deleted_sum: 5,
            totals_by_ide: [],
            totals_by_feature: [],
            totals_by_language_feature: [],
            totals_by_language_model: [],
            totals_by_model_feature: [],
            used_agent: true,
            used_chat: true,
            used_cli: false,
            used_copilot_code_review_active: false,
            used_copilot_code_review_passive: false,
          }),
        );
        return { status: 200, body: lines.join("\n"), raw: true } as Answer;
      }
      const credit = p.match(new RegExp(`^/organizations/${opts.org}/settings/billing/(ai_credit|premium_request)/usage$`));
      if (credit) {
        const day = isoDay(q);
        const user = q.get("user")?.toLowerCase();
        const items = new Map<string, { credits: number; discounted: number }>();
        for (const c of data.copilot) {
          if (c.day !== day || (user !== undefined && c.login !== user)) continue;
          if ((credit[1] === "ai_credit") !== day >= "2026-06-01") continue;
          const prev = items.get(c.model) ?? { credits: 0, discounted: 0 };
          items.set(c.model, { credits: prev.credits + c.credits, discounted: prev.discounted + c.discounted });
        }
        const price = credit[1] === "ai_credit" ? "0.01" : "0.04";
        return {
          status: 200,
          body: {
            timePeriod: timePeriod(q),
            organization: opts.org,
            ...(user ? { user } : {}),
            usageItems: [...items].map(([model, v]) => ({
              product: "Copilot",
              sku: credit[1] === "ai_credit" ? "Copilot AI Credits" : "Copilot Premium Request",
              model,
              unitType: credit[1] === "ai_credit" ? "credits" : "requests",
              pricePerUnit: Number(price),
              grossQuantity: v.credits,
              grossAmount: Number(new Big(v.credits).times(price).toFixed()),
              discountQuantity: v.discounted,
              discountAmount: Number(new Big(v.discounted).times(price).toFixed()),
              netQuantity: v.credits - v.discounted,
              netAmount: Number(new Big(v.credits - v.discounted).times(price).toFixed()),
            })),
          },
        };
      }
      if (p === `/organizations/${opts.org}/settings/billing/usage`) {
        const day = isoDay(q);
        // The fake org's billing begins with its data: no seat lines before the dataset's first day.
        const first = data.copilot.map((c) => c.day).sort()[0] ?? "9999-12-31";
        if (day < first) return { status: 200, body: { usageItems: [] } };
        const days = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
        const seatsUsd = new Big(logins.length).times(fee).div(days).round(9);
        const net = data.copilot.filter((c) => c.day === day).reduce((s, c) => s + c.credits - c.discounted, 0);
        return {
          status: 200,
          body: {
            usageItems: [
              {
                date: day,
                product: "copilot",
                sku: "Copilot Business",
                quantity: Number(new Big(logins.length).div(days).round(9)),
                unitType: "UserMonths",
                pricePerUnit: fee,
                grossAmount: seatsUsd.toNumber(),
                discountAmount: 0,
                netAmount: seatsUsd.toNumber(),
                organizationName: opts.org,
                repositoryName: "",
              },
              // Premium requests ($0.04) until AI credits ($0.01) replaced them on 2026-06-01, as the usage reports price them.
              {
                date: day,
                product: "copilot",
                sku: day >= "2026-06-01" ? "Copilot AI Credits" : "Copilot Premium Request",
                quantity: net,
                unitType: day >= "2026-06-01" ? "ai-credits" : "requests",
                pricePerUnit: day >= "2026-06-01" ? 0.01 : 0.04,
                grossAmount: Number(new Big(net).times(day >= "2026-06-01" ? "0.01" : "0.04")),
                discountAmount: 0,
                netAmount: Number(new Big(net).times(day >= "2026-06-01" ? "0.01" : "0.04")),
                organizationName: opts.org,
                repositoryName: "",
              },
              {
                date: day,
                product: "actions",
                sku: "Actions Linux",
                quantity: 120,
                unitType: "Minutes",
                pricePerUnit: 0.006,
                grossAmount: 0.72,
                discountAmount: 0.72,
                netAmount: 0,
                organizationName: opts.org,
                repositoryName: `${opts.org}/api`,
              },
            ],
          },
        };
      }
      return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
    },
    {
      port: opts.port,
      // Report downloads are signed links: no token.
      authorized: (req) => req.headers.authorization === `Bearer ${opts.token}` || (req.url ?? "").startsWith("/reports/"),
      error: (_s, _t, message) => ({ message, documentation_url: "https://docs.github.com/rest" }),
      rejectStatus: 403,
    },
  );
  return server.then((s) => {
    self = s.url;
    return s;
  });
}

function isoDay(q: URLSearchParams): string {
  const [y, m, d] = ["year", "month", "day"].map((k) => Number(q.get(k)));
  if (!y || !m || !d) throw new Error("year, month and day are required by this fake (the sync reads day by day)");
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function timePeriod(q: URLSearchParams) {
  return {
    year: Number(q.get("year")),
    ...(q.has("month") ? { month: Number(q.get("month")) } : {}),
    ...(q.has("day") ? { day: Number(q.get("day")) } : {}),
  };
}
