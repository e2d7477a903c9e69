import Big from "big.js";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { anthropicClient } from "@/lib/providers/anthropic/client";
import { openAiClient } from "@/lib/providers/openai/client";
import { runProviderSync, type SyncSummary } from "@/lib/providers/run-sync";
import { type FakeDataset, startFakeAnthropic, startFakeOpenAi } from "../test/fake-providers";
import type { FakeUsage } from "../test/fake-providers/dataset";

const KEY = "demo-admin-key";
const HOUR_S = 3600;
const DAY_S = 86_400;

/**
 * What the bill holds beyond the events, the demo's untagged gap, one line per provider and weekday: the research
 * team's notebooks call OpenAI with an organization key that sends no events (its own project), and people try
 * prompts in Anthropic's Console workbench (its own workspace). Reconciliation → Spend by project shows them.
 */
export const DEMO_UNTRACKED = {
  openai: { project: "proj_research_notebooks", model: "gpt-4.1", usd: "0.18", input: 45_000, output: 11_250, requests: 9 },
  anthropic: { project: "wrkspc_console_workbench", model: "claude-sonnet-4-5", usd: "0.135", input: 20_000, output: 5_000, requests: 4 },
} as const;

/** The project / workspace the demo's own traffic runs under on each provider's bill. */
const PRODUCTION = { openai: "proj_acme_production", anthropic: "wrkspc_acme_production" } as const;

type Provider = keyof typeof PRODUCTION;

/**
 * One hour of one model's metered use on the bill: its events' tokens and exact cost, the cost split between output
 * (weighted 4:1 per token, as the models price it) and the rest, so line items read like a real report and add up.
 */
function usageOf(
  r: { hour: number; model: string; input: number; read: number; write: number; output: number; requests: number; cost: string },
  project: string,
): FakeUsage {
  const cost = new Big(r.cost);
  const weight = r.input + 4 * r.output;
  const output =
    weight === 0
      ? new Big(0)
      : cost
          .times(4 * r.output)
          .div(weight)
          .round(10, Big.roundDown);
  return {
    hour: r.hour,
    model: r.model,
    project,
    apiKey: "key_acme_production",
    uncached: Math.max(0, r.input - r.read - r.write),
    cacheRead: r.read,
    cacheWrite5m: r.write,
    cacheWrite1h: 0,
    output: r.output,
    requests: r.requests,
    costs: { uncached: cost.minus(output).toFixed(), cacheRead: "0", cacheWrite: "0", output: output.toFixed() },
  };
}

/** The provider's bill for the demo's days: its metered events, hour by hour, plus the untracked usage. */
async function demoBill(db: Db, provider: Provider, from: Date, now: Date): Promise<FakeDataset> {
  const rows = await queryRows<{
    hour: string;
    model: string;
    input: string;
    read: string;
    write: string;
    output: string;
    requests: string;
    cost: string;
  }>(
    db,
    sql`select extract(epoch from date_trunc('hour', "timestamp"))::bigint::text as hour, model,
        sum(input_tokens)::text as input, sum(cache_read_tokens)::text as read, sum(cache_write_tokens)::text as write,
        sum(output_tokens)::text as output, count(*)::text as requests, sum(cost_usd)::text as cost
      from events
      where provider = ${provider} and surface = 'api' and "timestamp" >= ${from.toISOString()}::timestamptz
        and "timestamp" < ${now.toISOString()}::timestamptz
      group by 1, 2`,
  );
  const usage = rows.map((r) =>
    usageOf(
      {
        hour: Number(r.hour),
        model: r.model,
        input: Number(r.input),
        read: Number(r.read),
        write: Number(r.write),
        output: Number(r.output),
        requests: Number(r.requests),
        cost: r.cost,
      },
      PRODUCTION[provider],
    ),
  );
  const extra = DEMO_UNTRACKED[provider];
  const first = Math.ceil(from.getTime() / 1000 / DAY_S) * DAY_S;
  for (let day = first; day + DAY_S <= now.getTime() / 1000; day += DAY_S) {
    const weekday = new Date(day * 1000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    usage.push({
      ...usageOf(
        {
          hour: day + 15 * HOUR_S,
          model: extra.model,
          input: extra.input,
          read: 0,
          write: 0,
          output: extra.output,
          requests: extra.requests,
          cost: extra.usd,
        },
        extra.project,
      ),
      apiKey: null,
    });
  }
  return { usage, extras: [] };
}

/**
 * The demo's OpenAI and Anthropic bills through the sync's own code path: fake admin APIs (scripts/test/fake-providers,
 * built from specs/) serve usage and cost reports made from the demo's metered events plus a small untracked share,
 * and runProviderSync reads them as it reads the real ones. The sync cursors are cleared after, so connecting real
 * admin keys later reads the bill back from scratch (replacing these days).
 */
export async function syncDemoProviderBill(db: Db, now: Date, days: number): Promise<SyncSummary | null> {
  const from = new Date(now.getTime() - days * DAY_S * 1000);
  const [openaiData, anthropicData] = await Promise.all([demoBill(db, "openai", from, now), demoBill(db, "anthropic", from, now)]);
  const [openai, anthropic] = await Promise.all([
    startFakeOpenAi(openaiData, { key: KEY }),
    startFakeAnthropic(anthropicData, { key: KEY }),
  ]);
  try {
    const summary = await runProviderSync(systemContext(db, "demo"), {
      trigger: "manual",
      now,
      clients: [
        openAiClient({ apiKey: KEY, baseUrl: `${openai.url}/v1`, trusted: true }),
        anthropicClient({ apiKey: KEY, baseUrl: anthropic.url, trusted: true }),
      ],
      backfillDays: days + 1,
    });
    await db.execute(sql`delete from provider_sync_state where provider in ('openai', 'anthropic')`);
    return summary;
  } finally {
    await Promise.all([openai.close(), anthropic.close()]);
  }
}
