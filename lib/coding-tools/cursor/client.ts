import Big from "big.js";
import { z } from "zod";
import { DEFAULT_RETRY, fetchReport, MAX_REPORT_PAGES, ProviderError, type RetryPolicy } from "@/lib/providers/fetch-report";
import { dayStartMs, eachDay } from "../days";
import type { SeatPlan, ToolActivityRow, ToolDay, ToolSource, ToolUsage } from "../types";
import { parseVendor } from "../validate";

const count = z.number().nonnegative();
const cents = z.number().finite();

const MembersSchema = z.looseObject({
  teamMembers: z.array(
    z.looseObject({ email: z.string().min(1), name: z.string().nullish(), role: z.string().nullish(), isRemoved: z.boolean().optional() }),
  ),
});

const EventSchema = z.looseObject({
  timestamp: z.string().regex(/^\d+$/, "must be epoch milliseconds as a string"),
  userEmail: z.string().min(1),
  model: z.string().min(1),
  kind: z.string(),
  conversationId: z.string().optional(),
  cloudAgentId: z.string().optional(),
  isChargeable: z.boolean().optional(),
  isHeadless: z.boolean().optional(),
  maxMode: z.boolean().optional(),
  tokenUsage: z
    .looseObject({ inputTokens: count, outputTokens: count, cacheWriteTokens: count.optional(), cacheReadTokens: count.optional() })
    .optional(),
  chargedCents: cents,
});
const EventsPageSchema = z.looseObject({
  usageEvents: z.array(EventSchema),
  pagination: z.looseObject({ hasNextPage: z.boolean() }).optional(),
});
type CursorEvent = z.infer<typeof EventSchema>;

const DailySchema = z.looseObject({
  email: z.string().min(1),
  date: z.number(),
  day: z.string().optional(),
  isActive: z.boolean().optional(),
  totalLinesAdded: count,
  totalLinesDeleted: count,
  acceptedLinesAdded: count.optional(),
  totalAccepts: count,
  totalRejects: count,
  totalTabsShown: count.optional(),
  totalTabsAccepted: count.optional(),
  composerRequests: count,
  chatRequests: count,
  agentRequests: count,
  cmdkUsages: count.optional(),
  subscriptionIncludedReqs: count,
  usageBasedReqs: count,
  apiKeyReqs: count,
  mostUsedModel: z.string().nullish(),
});
const DailyPageSchema = z.looseObject({
  data: z.array(DailySchema),
  pagination: z.looseObject({ hasNextPage: z.boolean() }).optional(),
});

/** The plan Cursor seats are synced into (Settings → Plans), at Cursor's list price per seat-month when created. */
export const CURSOR_PLAN = { name: "Cursor Teams", vendor: "cursor", tool: "cursor", feePerSeatUsd: "40" } as const;
/** Days per request window: well inside the 30-day limit, and a window's events are held in memory once. */
const WINDOW_DAYS = 7;

/** `Usage-based` (and anything `isChargeable`) is billed on top of the seats; the rest consumed what a seat includes. */
export function isOnDemand(e: Pick<CursorEvent, "kind" | "isChargeable">): boolean {
  return e.isChargeable === true || e.kind.toLowerCase() === "usage-based";
}

/**
 * A usage event as Burnrate data (specs/cursor-admin-api.md §5): its own timestamp, provider and tool `cursor`, the
 * Cursor model id, tokens in our convention (input = input + cache write + cache read). Money is `chargedCents` / 100
 * (never `totalCents`: it leaves out the discount and the Cursor Token Fee): on-demand events are metered cost
 * (`surface: api`), included ones the list value of what a seat includes (`surface: plan`, plan "Cursor Teams").
 * Errored and aborted events (not charged) are kept as errors.
 */
export function cursorUsage(e: CursorEvent, occurrence: number): ToolUsage {
  const onDemand = isOnDemand(e);
  const t = e.tokenUsage;
  const read = t?.cacheReadTokens ?? 0;
  const write = t?.cacheWriteTokens ?? 0;
  return {
    key: [e.timestamp, e.userEmail.toLowerCase(), e.model, e.conversationId ?? "", e.chargedCents, e.kind, occurrence].join("\u0000"),
    timestamp: new Date(Number(e.timestamp)),
    provider: "cursor",
    model: e.model,
    surface: onDemand ? "api" : "plan",
    ...(onDemand ? {} : { plan: CURSOR_PLAN.name }),
    user: e.userEmail.toLowerCase(),
    input_tokens: (t?.inputTokens ?? 0) + read + write,
    output_tokens: t?.outputTokens ?? 0,
    cache_read_tokens: read,
    cache_write_tokens: write,
    cost_usd: new Big(String(Math.max(0, e.chargedCents))).div(100).toFixed(),
    status: /not charged/i.test(e.kind) ? "error" : "ok",
    tags: {
      cursor_kind: e.kind.slice(0, 200),
      ...(e.conversationId ? { conversation: e.conversationId.slice(0, 200) } : {}),
      ...(e.cloudAgentId ? { cloud_agent: e.cloudAgentId.slice(0, 200) } : {}),
      ...(e.isHeadless ? { headless: "true" } : {}),
      ...(e.maxMode ? { max_mode: "true" } : {}),
    },
  };
}

/**
 * The Cursor Admin API (specs/cursor-admin-api.md): Basic auth with the key as user name; members (the seats),
 * filtered usage events (the money, per event) and daily usage data (the activity), read in 7-day windows, pages of
 * 1000. Rate limits are 20–60 requests a minute: a 429 backs off 1, 2, 4, 8, 16 s (Retry-After when sent), as the
 * docs advise, and a day that still fails is read again by the next run.
 */
export function cursorSource(
  config: { apiKey: string; baseUrl: string; trusted?: boolean },
  policy: RetryPolicy = DEFAULT_RETRY,
): ToolSource {
  const base = config.baseUrl.replace(/\/+$/, "");
  const trusted = config.trusted ?? false;
  const headers = { authorization: `Basic ${Buffer.from(`${config.apiKey}:`).toString("base64")}`, accept: "application/json" };
  const post = (path: string, body: unknown) => fetchReport(`${base}${path}`, headers, policy, trusted, { method: "POST", body });

  async function pagesOf<T>(path: string, body: Record<string, unknown>, schema: z.ZodType<T & { pagination?: { hasNextPage: boolean } }>) {
    const out: T[] = [];
    for (let page = 1; ; page++) {
      if (page > MAX_REPORT_PAGES)
        throw new ProviderError(`Stopped after ${MAX_REPORT_PAGES} pages of ${path}: Cursor kept answering hasNextPage`);
      const parsed = parseVendor(schema, await post(path, { ...body, page, pageSize: 1000 }), `Cursor ${path}`);
      out.push(parsed);
      if (!parsed.pagination?.hasNextPage) return out;
    }
  }

  return {
    source: "cursor",
    async *days(from, to): AsyncIterable<ToolDay> {
      const all = [...eachDay(from, to)];
      for (let i = 0; i < all.length; i += WINDOW_DAYS) {
        const window = all.slice(i, i + WINDOW_DAYS);
        const start = dayStartMs(window[0] as string);
        const end = dayStartMs(window.at(-1) as string) + 86_400_000;
        // Event bounds are both inclusive (…23:59:59.999); daily usage's end is exclusive at day granularity.
        const events = (await pagesOf("/teams/filtered-usage-events", { startDate: start, endDate: end - 1 }, EventsPageSchema)).flatMap(
          (p) => p.usageEvents,
        );
        const daily = (await pagesOf("/teams/daily-usage-data", { startDate: start, endDate: end }, DailyPageSchema)).flatMap(
          (p) => p.data,
        );
        const byDay = new Map<string, ToolDay>(window.map((d) => [d, { day: d, usage: [], activity: [], charges: [] }]));
        const seen = new Map<string, number>();
        for (const e of events) {
          const day = byDay.get(new Date(Number(e.timestamp)).toISOString().slice(0, 10));
          if (!day) continue;
          const base = [e.timestamp, e.userEmail.toLowerCase(), e.model, e.conversationId ?? "", e.chargedCents, e.kind].join("\u0000");
          const n = seen.get(base) ?? 0;
          seen.set(base, n + 1);
          day.usage.push(cursorUsage(e, n));
        }
        for (const d of daily) {
          const day = byDay.get(d.day ?? new Date(d.date).toISOString().slice(0, 10));
          if (!day || (d.isActive === false && d.totalLinesAdded === 0 && d.agentRequests === 0)) continue;
          day.activity.push(dailyActivity(d));
        }
        for (const day of byDay.values()) {
          const onDemand = day.usage.filter((u) => u.surface === "api").reduce((s, u) => s.plus(u.cost_usd), new Big(0));
          if (onDemand.gt(0))
            day.charges.push({ lineItem: "Usage-based", project: "", apiKey: "", model: "", costUsd: onDemand.toFixed() });
          yield day;
        }
      }
    },
    async seats(): Promise<SeatPlan> {
      const members = parseVendor(
        MembersSchema,
        await fetchReport(`${base}/teams/members`, headers, policy, trusted),
        "Cursor /teams/members",
      ).teamMembers.filter((m) => m.isRemoved !== true);
      return {
        ...CURSOR_PLAN,
        seats: members.length,
        holders: members.map((m) => ({ kind: "cursor_email", value: m.email.toLowerCase() })),
      };
    },
    async testConnection() {
      await fetchReport(`${base}/teams/members`, headers, { ...policy, attempts: Math.min(policy.attempts, 2) }, trusted);
    },
  };
}

function dailyActivity(d: z.infer<typeof DailySchema>): ToolActivityRow {
  return {
    identity: d.email.toLowerCase(),
    linesAdded: d.totalLinesAdded,
    linesRemoved: d.totalLinesDeleted,
    accepted: d.totalAccepts + (d.totalTabsAccepted ?? 0),
    rejected: d.totalRejects,
    requests: d.composerRequests + d.chatRequests + d.agentRequests + (d.cmdkUsages ?? 0),
    details: {
      accepted_lines_added: d.acceptedLinesAdded ?? null,
      tabs_shown: d.totalTabsShown ?? null,
      tabs_accepted: d.totalTabsAccepted ?? null,
      agent_requests: d.agentRequests,
      included_requests: d.subscriptionIncludedReqs,
      usage_based_requests: d.usageBasedReqs,
      api_key_requests: d.apiKeyReqs,
      most_used_model: d.mostUsedModel ?? null,
    },
  };
}
