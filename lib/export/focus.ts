import type { ExportPlan } from "./plan";
import type { ExportRow } from "./rows";

/**
 * FOCUS 1.2 (specs/focus-export.md). The version and the column set are data: a newer FOCUS version changes this
 * file only. Every Mandatory column is present; Recommended and Conditional ones only where we hold the value.
 * Null is an empty field. Custom columns start with `x_` and come last.
 */
export const FOCUS_VERSION = "1.2";

const FOCUS_COLUMNS = [
  "BilledCost",
  "BillingAccountId",
  "BillingAccountName",
  "BillingCurrency",
  "BillingPeriodEnd",
  "BillingPeriodStart",
  "ChargeCategory",
  "ChargeClass",
  "ChargeDescription",
  "ChargeFrequency",
  "ChargePeriodEnd",
  "ChargePeriodStart",
  "ConsumedQuantity",
  "ConsumedUnit",
  "ContractedCost",
  "EffectiveCost",
  "InvoiceIssuerName",
  "ListCost",
  "PricingQuantity",
  "PricingUnit",
  "ProviderName",
  "PublisherName",
  "ServiceCategory",
  "ServiceName",
  "ServiceSubcategory",
  "Tags",
] as const;

const CUSTOM_COLUMNS = [
  "x_Model",
  "x_Surface",
  "x_Environment",
  "x_Billable",
  "x_CostSource",
  "x_Requests",
  "x_InputTokens",
  "x_OutputTokens",
  "x_CacheReadTokens",
  "x_CacheWriteTokens",
] as const;

const EVENT_CUSTOM_COLUMNS = ["x_EventId", "x_Timestamp", "x_Session", "x_Trace", "x_PullRequest"] as const;

export function focusColumns(event: boolean): readonly string[] {
  return [...FOCUS_COLUMNS, ...CUSTOM_COLUMNS, ...(event ? EVENT_CUSTOM_COLUMNS : [])];
}

const PROVIDER_NAMES: Record<string, string> = {
  anthropic: "Anthropic",
  openai: "OpenAI",
  google: "Google",
  gemini: "Google",
  vertex: "Google",
  azure: "Microsoft",
  bedrock: "Amazon Web Services",
  mistral: "Mistral AI",
  cohere: "Cohere",
  groq: "Groq",
  deepseek: "DeepSeek",
  xai: "xAI",
};

export const providerName = (provider: string) => PROVIDER_NAMES[provider] ?? provider;

const TAG_KEYS = ["team", "user", "customer", "feature", "workflow", "repo", "tool"] as const;

type Cell = string | number | null | undefined;

/** Maps export rows to FOCUS rows for one month's export; caches the per-day period bounds. */
export function focusRowMapper(plan: ExportPlan, event: boolean): (r: ExportRow) => Cell[] {
  const billingStart = plan.start.toISOString().replace(".000Z", "Z");
  const billingEnd = plan.end.toISOString().replace(".000Z", "Z");
  const dayEnds = new Map<string, string>();
  const dayEnd = (date: string) => {
    let end = dayEnds.get(date);
    if (end === undefined) {
      end = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().replace(".000Z", "Z");
      dayEnds.set(date, end);
    }
    return end;
  };
  return (r) => {
    const provider = providerName(r.provider);
    // An event's own tags, then its attribution (which wins over a tag of the same name).
    const tags: Record<string, string> = { ...r.tags };
    for (const k of TAG_KEYS) {
      const v = r[k];
      if (v !== null) tags[k] = v;
    }
    const row: Cell[] = [
      r.cost_usd,
      r.provider,
      provider,
      "USD",
      billingEnd,
      billingStart,
      "Usage",
      // A late event of a month already closed corrects an invoiced period.
      r.adjustment ? "Correction" : null,
      `${r.model} ${r.surface === "plan" ? "on a paid plan" : "API usage"}`,
      "Usage-Based",
      dayEnd(r.date),
      `${r.date}T00:00:00Z`,
      r.consumed_tokens,
      "Tokens",
      // No negotiated prices are known: contracted = effective = billed. A plan's calls bill 0 (its fee is the charge).
      r.cost_usd,
      r.cost_usd,
      provider,
      r.list_cost_usd,
      // A row mixes token kinds priced differently, so there is no single pricing quantity: null, as FOCUS allows.
      null,
      null,
      provider,
      provider,
      "AI and Machine Learning",
      `${provider} ${r.surface === "plan" ? "plan" : "API"}`,
      "Generative AI",
      Object.keys(tags).length > 0 ? JSON.stringify(tags) : null,
      r.model,
      r.surface,
      r.environment,
      r.billable,
      r.cost_source,
      r.requests,
      r.input_tokens,
      r.output_tokens,
      r.cache_read_tokens,
      r.cache_write_tokens,
    ];
    if (event) row.push(r.id, r.timestamp, r.session, r.trace, r.pr);
    return row;
  };
}
