import type { ExportPlan } from "./plan";
import { type Cell, COL, CSV_COLUMNS, EVENT_COLUMNS, type ExportRow } from "./rows";

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

const str = (v: unknown) => v as string;
const cell = (v: unknown) => v as Cell;

/**
 * Maps export rows to FOCUS rows for one month's export (`adjustment`: the rows are late events of a closed
 * month, a correction of an invoiced period). Caches the per-day period bounds.
 */
export function focusRowMapper(plan: ExportPlan, event: boolean, adjustment: boolean): (r: ExportRow) => Cell[] {
  const billingStart = instant(plan.start);
  const billingEnd = instant(plan.end);
  const consumed = event ? EVENT_COLUMNS.length + CSV_COLUMNS.length : CSV_COLUMNS.length;
  const dayEnds = new Map<string, string>();
  const dayEnd = (date: string) => {
    let end = dayEnds.get(date);
    if (end === undefined) {
      end = instant(new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000));
      dayEnds.set(date, end);
    }
    return end;
  };
  return (r) => {
    const date = str(r[COL.date]);
    const model = str(r[COL.model]);
    const surface = str(r[COL.surface]);
    const cost = cell(r[COL.cost_usd]);
    const provider = providerName(str(r[COL.provider]));
    // An event's own tags, then its attribution (which wins over a tag of the same name).
    const tags: Record<string, string> = event ? { ...(r[consumed + 1] as Record<string, string> | null) } : {};
    for (const k of TAG_KEYS) {
      const v = r[COL[k]];
      if (v !== null) tags[k] = v as string;
    }
    const row: Cell[] = [
      cost,
      cell(r[COL.provider]),
      provider,
      "USD",
      billingEnd,
      billingStart,
      "Usage",
      adjustment ? "Correction" : null,
      `${model} ${surface === "plan" ? "on a paid plan" : "API usage"}`,
      "Usage-Based",
      dayEnd(date),
      `${date}T00:00:00Z`,
      cell(r[consumed]),
      "Tokens",
      // No negotiated prices are known: contracted = effective = billed. A plan's calls bill 0 (its fee is the charge).
      cost,
      cost,
      provider,
      cell(r[COL.list_cost_usd]),
      // A row mixes token kinds priced differently, so there is no single pricing quantity: null, as FOCUS allows.
      null,
      null,
      provider,
      provider,
      "AI and Machine Learning",
      `${provider} ${surface === "plan" ? "plan" : "API"}`,
      "Generative AI",
      Object.keys(tags).length > 0 ? JSON.stringify(tags) : null,
      model,
      surface,
      cell(r[COL.environment]),
      cell(r[COL.billable]),
      cell(r[COL.cost_source]),
      cell(r[COL.requests]),
      cell(r[COL.input_tokens]),
      cell(r[COL.output_tokens]),
      cell(r[COL.cache_read_tokens]),
      cell(r[COL.cache_write_tokens]),
    ];
    if (event) for (const c of EVENT_COLUMNS) row.push(cell(r[COL[c]]));
    return row;
  };
}

const instant = (d: Date) => d.toISOString().replace(".000Z", "Z");
