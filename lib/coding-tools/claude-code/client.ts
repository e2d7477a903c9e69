import Big from "big.js";
import { z } from "zod";
import { DEFAULT_RETRY, type RetryPolicy, reportPages } from "@/lib/providers/fetch-report";
import { eachDay } from "../days";
import type { ToolActivityRow, ToolDay, ToolSource, ToolUsage } from "../types";
import { parseVendor } from "../validate";

const count = z.number().nonnegative();
const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);

/** A Claude Code Analytics record (specs/anthropic-admin-api.md §4): one actor's UTC day. Unknown fields pass. */
const RecordSchema = z.looseObject({
  date: z.string(),
  actor: z.union([
    z.looseObject({ type: z.literal("user_actor"), email_address: z.string().min(1) }),
    z.looseObject({ type: z.literal("api_actor"), api_key_name: z.string().min(1) }),
  ]),
  customer_type: z.string(),
  subscription_type: z.string().nullish(),
  terminal_type: z.string().nullish(),
  core_metrics: z.looseObject({
    num_sessions: count,
    lines_of_code: z.looseObject({ added: count, removed: count }),
    commits_by_claude_code: count,
    pull_requests_by_claude_code: count,
  }),
  tool_actions: z.record(z.string(), z.looseObject({ accepted: count, rejected: count })).optional(),
  model_breakdown: z.array(
    z.looseObject({
      model: z.string().min(1),
      tokens: z.looseObject({ input: count, output: count, cache_read: count, cache_creation: count }),
      estimated_cost: z.looseObject({ amount, currency: z.string() }),
    }),
  ),
});
const PageSchema = z.looseObject({ data: z.array(RecordSchema), has_more: z.boolean().optional(), next_page: z.string().nullish() });
type AnalyticsRecord = z.infer<typeof RecordSchema>;

/**
 * `estimated_cost.amount` — its unit is UNVERIFIED (specs §4): third-party clients read cents, and so does Burnrate.
 * The one place the unit is decided.
 */
export function estimatedCostUsd(value: number | string): string {
  return new Big(String(value)).div(100).toFixed();
}

/** The plan a subscription actor's usage counts against, by the record's `subscription_type` (`team` → "Claude Team"). */
export function claudePlanName(subscriptionType: string | null | undefined): string {
  const t = (subscriptionType ?? "").trim();
  return t ? `Claude ${t.charAt(0).toUpperCase()}${t.slice(1).toLowerCase()}` : "Claude subscription";
}

/**
 * One record as Burnrate data. Per model: one event (provider `anthropic`, tool and agent `claude-code`) of the day,
 * tokens in our convention (input = input + cache read + cache creation). `customer_type: subscription` is plan usage
 * (the estimate is its list cost, metered cost 0, `plan` = "Claude <subscription type>"); `api` is metered usage whose
 * estimate is its cost. The actor is the event's user: the email, or the API key's name for an API actor. The core
 * metrics and tool actions become the actor's activity row.
 */
export function recordToDay(r: AnalyticsRecord): { usage: ToolUsage[]; activity: ToolActivityRow } {
  const identity = r.actor.type === "user_actor" ? r.actor.email_address.toLowerCase() : r.actor.api_key_name;
  const subscription = r.customer_type === "subscription";
  const day = r.date.slice(0, 10);
  const usage = r.model_breakdown.map(
    (m): ToolUsage => ({
      key: `${r.actor.type}\u0000${identity}\u0000${m.model}\u0000${r.customer_type}`,
      timestamp: new Date(`${day}T00:00:00Z`),
      provider: "anthropic",
      model: m.model,
      surface: subscription ? "plan" : "api",
      ...(subscription ? { plan: claudePlanName(r.subscription_type) } : {}),
      user: identity,
      input_tokens: m.tokens.input + m.tokens.cache_read + m.tokens.cache_creation,
      output_tokens: m.tokens.output,
      cache_read_tokens: m.tokens.cache_read,
      cache_write_tokens: m.tokens.cache_creation,
      cost_usd: estimatedCostUsd(m.estimated_cost.amount),
      status: "ok",
      tags: { claude_actor: r.actor.type === "user_actor" ? "user" : "api_key", customer_type: r.customer_type },
    }),
  );
  const actions = Object.values(r.tool_actions ?? {});
  return {
    usage,
    activity: {
      identity,
      sessions: r.core_metrics.num_sessions,
      linesAdded: r.core_metrics.lines_of_code.added,
      linesRemoved: r.core_metrics.lines_of_code.removed,
      commits: r.core_metrics.commits_by_claude_code,
      pullRequests: r.core_metrics.pull_requests_by_claude_code,
      accepted: actions.reduce((n, a) => n + a.accepted, 0),
      rejected: actions.reduce((n, a) => n + a.rejected, 0),
      details: {
        customer_type: r.customer_type,
        subscription_type: r.subscription_type ?? null,
        terminal_type: r.terminal_type ?? null,
      },
    },
  };
}

/**
 * Claude Code Analytics through the Anthropic admin key: `GET /v1/organizations/usage_report/claude_code`, one UTC day
 * per request (`starting_at=YYYY-MM-DD`), 1000 records a page. No seats: the Claude plan is made from the subscription
 * actors the sync has stored (lib/coding-tools/sync-tool.ts).
 */
export function claudeCodeSource(
  config: { apiKey: string; baseUrl: string; trusted?: boolean },
  policy: RetryPolicy = DEFAULT_RETRY,
): ToolSource {
  const base = config.baseUrl.replace(/\/+$/, "");
  const headers = { "x-api-key": config.apiKey, "anthropic-version": "2023-06-01", accept: "application/json" };
  const path = `${base}/v1/organizations/usage_report/claude_code`;
  const read = async function* (day: string, limit: string) {
    for await (const raw of reportPages<unknown>(
      path,
      [
        ["starting_at", day],
        ["limit", limit],
      ],
      headers,
      policy,
      config.trusted ?? false,
    )) {
      yield parseVendor(PageSchema, raw, "Claude Code Analytics");
    }
  };
  return {
    source: "claude-code",
    async *days(from, to): AsyncIterable<ToolDay> {
      for (const day of eachDay(from, to)) {
        const out: ToolDay = { day, usage: [], activity: [], charges: [] };
        for await (const page of read(day, "1000")) {
          for (const r of page.data) {
            const { usage, activity } = recordToDay(r);
            out.usage.push(...usage);
            out.activity.push(activity);
          }
        }
        yield out;
      }
    },
    seats: async () => null,
    async testConnection() {
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      for await (const _ of read(yesterday, "1")) break;
    },
  };
}
