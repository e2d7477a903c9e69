import Big from "big.js";
import { z } from "zod";
import { DEFAULT_RETRY, fetchReport, MAX_REPORT_PAGES, ProviderError, type RetryPolicy } from "@/lib/providers/fetch-report";
import { eachDay } from "../days";
import type { SeatPlan, ToolActivityRow, ToolDay, ToolSource, ToolUsage } from "../types";
import { parseVendor } from "../validate";

const count = z.number().nonnegative();
const money = z.number().finite();

const BillingSchema = z.looseObject({ plan_type: z.string().optional(), seat_breakdown: z.looseObject({ total: count }) });
const SeatsSchema = z.looseObject({
  total_seats: count,
  seats: z.array(z.looseObject({ assignee: z.looseObject({ login: z.string().min(1) }).nullable() })),
});
const UsageItem = z.looseObject({
  product: z.string(),
  sku: z.string(),
  model: z.string(),
  unitType: z.string(),
  pricePerUnit: money,
  grossQuantity: money,
  grossAmount: money,
  discountQuantity: money,
  discountAmount: money,
  netQuantity: money,
  netAmount: money,
});
const CreditsSchema = z.looseObject({ usageItems: z.array(UsageItem) });
const BillItem = z.looseObject({ product: z.string(), sku: z.string(), netAmount: money, grossAmount: money });
const BillSchema = z.looseObject({ usageItems: z.array(BillItem) });
const ReportLinks = z.looseObject({ download_links: z.array(z.string().url()) });
const MetricsRecord = z.looseObject({
  day: z.string(),
  user_login: z.string().min(1),
  user_initiated_interaction_count: count,
  code_generation_activity_count: count,
  code_acceptance_activity_count: count,
  loc_added_sum: count,
  loc_deleted_sum: count,
  totals_by_cli: z
    .looseObject({
      session_count: count,
      request_count: count,
      token_usage: z.looseObject({ prompt_tokens_sum: count, output_tokens_sum: count }).optional(),
    })
    .optional(),
  used_agent: z.boolean().optional(),
  used_chat: z.boolean().optional(),
  used_cli: z.boolean().optional(),
});

/** AI credits replaced premium requests on this day (specs §3.7): earlier days read the premium-request report. */
export const AI_CREDITS_FROM = "2026-06-01";
/** GitHub's list price per seat-month, by plan type (specs §3.7), used when the plan is created. */
const SEAT_FEES: Record<string, string> = { business: "19", enterprise: "39" };

export function copilotPlanName(planType: string | undefined): string {
  return planType === "enterprise" ? "GitHub Copilot Enterprise" : "GitHub Copilot Business";
}

const usd = (n: number) => new Big(String(n));

/**
 * One AI-credit (or premium-request) item of a user's day as events (provider `github`, tool and agent `copilot`):
 * the part the included, pooled credits covered (`discountAmount`) is plan usage worth that much at list price; the
 * part billed as additional usage (`netAmount`) is metered cost. Credits carry no tokens; the quantity is a tag.
 */
export function creditEvents(day: string, login: string | null, item: z.infer<typeof UsageItem>, plan: string): ToolUsage[] {
  const out: ToolUsage[] = [];
  const base = {
    timestamp: new Date(`${day}T00:00:00Z`),
    provider: "github",
    model: item.model || "unknown",
    ...(login ? { user: login.toLowerCase() } : {}),
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    status: "ok" as const,
  };
  const key = `${login ?? ""}\u0000${item.model}\u0000${item.sku}`;
  const tags = { sku: item.sku.slice(0, 200), unit: item.unitType.slice(0, 200) };
  if (item.discountAmount > 0) {
    out.push({
      ...base,
      key: `${key}\u0000included`,
      surface: "plan",
      plan,
      cost_usd: usd(item.discountAmount).toFixed(),
      tags: { ...tags, quantity: String(item.discountQuantity) },
    });
  }
  if (item.netAmount > 0) {
    out.push({
      ...base,
      key: `${key}\u0000billed`,
      surface: "api",
      cost_usd: usd(item.netAmount).toFixed(),
      tags: { ...tags, quantity: String(item.netQuantity) },
    });
  }
  return out;
}

/**
 * GitHub Copilot (specs/github-copilot-usage-api.md), org scope: seats (`/orgs/{org}/copilot/billing[/seats]`) become
 * the plan; per UTC day, the users-1-day metrics report gives each login's activity and who was active, and the
 * AI-credit report (premium requests before 2026-06-01) is read per active login and once for the whole org: what the
 * org total holds beyond the logins' sum stays as usage of no one, so no dollar is lost when telemetry misses a user.
 * The general billing usage report gives the day's Copilot charges (seats and credits) for Reconciliation.
 */
export function copilotSource(
  config: { apiKey: string; baseUrl: string; org: string; trusted?: boolean },
  policy: RetryPolicy = DEFAULT_RETRY,
): ToolSource {
  const base = config.baseUrl.replace(/\/+$/, "");
  const org = encodeURIComponent(config.org);
  const trusted = config.trusted ?? false;
  const headers = {
    authorization: `Bearer ${config.apiKey}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
  };
  const get = async (path: string, what: string) => {
    try {
      return await fetchReport(`${base}${path}`, headers, policy, trusted);
    } catch (err) {
      if (err instanceof ProviderError && (err.status === 401 || err.status === 403)) {
        throw new ProviderError(
          `GitHub Copilot: the token lacks permission for ${what} (${err.status}): ${err.message}. It needs an organization owner's classic token with manage_billing:copilot and read:org.`,
          err.status,
        );
      }
      throw err;
    }
  };
  let planName: string | undefined;
  const plan = async () => {
    planName ??= copilotPlanName(
      parseVendor(BillingSchema, await get(`/orgs/${org}/copilot/billing`, "Copilot billing"), "GitHub /copilot/billing").plan_type,
    );
    return planName;
  };
  const seatLogins = async () => {
    const logins: string[] = [];
    for (let page = 1; ; page++) {
      if (page > MAX_REPORT_PAGES) throw new ProviderError(`Stopped after ${MAX_REPORT_PAGES} pages of Copilot seats`);
      const body = parseVendor(
        SeatsSchema,
        await get(`/orgs/${org}/copilot/billing/seats?page=${page}&per_page=100`, "Copilot seats"),
        "GitHub /copilot/billing/seats",
      );
      for (const s of body.seats) if (s.assignee) logins.push(s.assignee.login.toLowerCase());
      if (body.seats.length < 100) return { logins, total: body.total_seats };
    }
  };
  const dateQuery = (day: string) => `year=${Number(day.slice(0, 4))}&month=${Number(day.slice(5, 7))}&day=${Number(day.slice(8, 10))}`;

  async function metrics(day: string): Promise<z.infer<typeof MetricsRecord>[] | null> {
    const links = await get(`/orgs/${org}/copilot/metrics/reports/users-1-day?day=${day}`, "Copilot usage metrics");
    if (links === null) return null;
    const out: z.infer<typeof MetricsRecord>[] = [];
    for (const link of parseVendor(ReportLinks, links, "GitHub users-1-day report").download_links) {
      // Signed storage links: fetched without the GitHub token.
      const sameHost = new URL(link).host === new URL(base).host;
      const text = String(await fetchReport(link, { accept: "application/json" }, policy, trusted && sameHost, { text: true }));
      const trimmed = text.trim();
      const rows: unknown[] = trimmed.startsWith("[")
        ? JSON.parse(trimmed)
        : trimmed
            .split("\n")
            .filter((l) => l.trim())
            .map((l) => JSON.parse(l));
      out.push(...rows.map((r, i) => parseVendor(MetricsRecord, r, `GitHub users-1-day report line ${i + 1}`)));
    }
    return out;
  }

  return {
    source: "copilot",
    async *days(from, to): AsyncIterable<ToolDay> {
      const planOf = await plan();
      let holders: string[] | undefined;
      for (const day of eachDay(from, to)) {
        const out: ToolDay = { day, usage: [], activity: [], charges: [] };
        const records = await metrics(day);
        for (const r of records ?? []) out.activity.push(metricsActivity(r));
        if (!records && !holders) holders = (await seatLogins()).logins;
        const active = records ? [...new Set(records.map((r) => r.user_login.toLowerCase()))] : (holders ?? []);
        const report = day < AI_CREDITS_FROM ? "premium_request" : "ai_credit";
        const creditPath = `/organizations/${org}/settings/billing/${report}/usage?${dateQuery(day)}`;
        const attributed = new Map<string, { gross: Big; discount: Big; net: Big }>();
        for (const login of active) {
          const items = parseVendor(
            CreditsSchema,
            await get(`${creditPath}&user=${encodeURIComponent(login)}`, "billing usage"),
            `GitHub ${report} usage`,
          ).usageItems;
          for (const item of items) {
            out.usage.push(...creditEvents(day, login, item, planOf));
            const k = `${item.model}\u0000${item.sku}`;
            const a = attributed.get(k) ?? { gross: new Big(0), discount: new Big(0), net: new Big(0) };
            attributed.set(k, {
              gross: a.gross.plus(usd(item.grossAmount)),
              discount: a.discount.plus(usd(item.discountAmount)),
              net: a.net.plus(usd(item.netAmount)),
            });
          }
        }
        const orgItems = parseVendor(CreditsSchema, await get(creditPath, "billing usage"), `GitHub ${report} usage`).usageItems;
        for (const item of orgItems) {
          const a = attributed.get(`${item.model}\u0000${item.sku}`);
          const discount = usd(item.discountAmount).minus(a?.discount ?? 0);
          const net = usd(item.netAmount).minus(a?.net ?? 0);
          if (discount.lte(0) && net.lte(0)) continue;
          const rest = { ...item, discountAmount: Math.max(0, discount.toNumber()), netAmount: Math.max(0, net.toNumber()) };
          out.usage.push(...creditEvents(day, null, rest, planOf));
        }
        const bill = parseVendor(
          BillSchema,
          await get(`/organizations/${org}/settings/billing/usage?${dateQuery(day)}`, "billing usage"),
          "GitHub billing usage",
        );
        for (const item of bill.usageItems) {
          if (!item.product.toLowerCase().startsWith("copilot")) continue;
          out.charges.push({ lineItem: item.sku, project: "", apiKey: "", model: "", costUsd: usd(item.netAmount).toFixed() });
        }
        yield out;
      }
    },
    async seats(): Promise<SeatPlan> {
      const name = await plan();
      const { logins, total } = await seatLogins();
      return {
        name,
        vendor: "github",
        tool: "copilot",
        seats: total,
        feePerSeatUsd: SEAT_FEES[name.endsWith("Enterprise") ? "enterprise" : "business"] as string,
        holders: logins.map((value) => ({ kind: "copilot_login", value })),
      };
    },
    async testConnection() {
      await get(`/orgs/${org}/copilot/billing`, "Copilot billing");
    },
  };
}

function metricsActivity(r: z.infer<typeof MetricsRecord>): ToolActivityRow {
  return {
    identity: r.user_login.toLowerCase(),
    sessions: r.totals_by_cli?.session_count ?? 0,
    linesAdded: r.loc_added_sum,
    linesRemoved: r.loc_deleted_sum,
    accepted: r.code_acceptance_activity_count,
    requests: r.user_initiated_interaction_count + (r.totals_by_cli?.request_count ?? 0),
    details: {
      code_generation_activity_count: r.code_generation_activity_count,
      cli_prompt_tokens: r.totals_by_cli?.token_usage?.prompt_tokens_sum ?? null,
      cli_output_tokens: r.totals_by_cli?.token_usage?.output_tokens_sum ?? null,
      used_agent: r.used_agent ?? null,
      used_chat: r.used_chat ?? null,
      used_cli: r.used_cli ?? null,
    },
  };
}
