import { type SQL, sql } from "drizzle-orm";
import { dimensionsWhere, sqlColumn } from "@/lib/dimensions/registry";
import { literal, textCell } from "./neutralise";
import type { ExportPlan } from "./plan";

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

const TAG_KEYS = dimensionsWhere((s) => s.focusTag === true);

const instant = (d: Date) => d.toISOString().replace(".000Z", "Z");

/**
 * The FOCUS cells, in `focusColumns` order, as an SQL select list over `b`: a row of the plain export's query (its
 * CSV columns, the event columns at event granularity, then `consumed_tokens` and, per event, `tags`). One mapping
 * for both writers (PostgreSQL's COPY and csv-stringify); `neutralise` when COPY writes it. `adjustment`: the rows
 * are late events of a closed month, a correction of an invoiced period. `planFee`: the rows are plan fees (with
 * `seats`, `fee_per_seat_usd` and `last_day`), a recurring purchase rather than usage.
 */
export function focusQuery(plan: ExportPlan, opts: FocusOptions, base: SQL): SQL {
  // The provider's display name once per row, for the five columns that repeat it.
  const name = `(case b0.provider ${Object.entries(PROVIDER_NAMES)
    .map(([id, n]) => `when ${literal(id)} then ${literal(n)}`)
    .join(" ")} else b0.provider end)`;
  return sql`select ${sql.raw(focusSelect(plan, opts))}
    from (select b0.*, ${sql.raw(name)} as provider_name from (${base}) b0) b`;
}

interface FocusOptions {
  event: boolean;
  adjustment: boolean;
  planFee: boolean;
  /** The rows are unused plan fee lines (with `plan_name` and `holder_email`): fee nobody's usage consumed. */
  unusedFee?: boolean;
  neutralise: boolean;
}

function focusSelect(plan: ExportPlan, opts: FocusOptions): string {
  const text = (expr: string, name: string) => textCell(expr, `"${name}"`, opts.neutralise);
  const providerName = "b.provider_name";
  const bySurface = (surface: string, api: string) => `(case when b.surface = 'plan' then ${surface} else ${api} end)`;
  // The event's own tags, then its attribution (which wins over a tag of the same name); null when there is none.
  const attribution = `jsonb_strip_nulls(jsonb_build_object(${TAG_KEYS.map((k) => `${literal(k)}, b.${sqlColumn(k)}`).join(", ")}))`;
  const tags = opts.event ? `coalesce(b.tags, '{}'::jsonb) || ${attribution}` : attribution;
  const fee = opts.planFee;
  const unused = !!opts.unusedFee;
  const cells = [
    'b.cost_usd as "BilledCost"',
    text("b.provider", "BillingAccountId"),
    text(providerName, "BillingAccountName"),
    "'USD' as \"BillingCurrency\"",
    `${literal(instant(plan.end))} as "BillingPeriodEnd"`,
    `${literal(instant(plan.start))} as "BillingPeriodStart"`,
    `${fee ? "'Purchase'" : "'Usage'"} as "ChargeCategory"`,
    `${opts.adjustment ? "'Correction'" : "null"} as "ChargeClass"`,
    fee
      ? text(
          `b.tool || ': ' || b.seats || ' seats × ' || trim_scale(b.fee_per_seat_usd::numeric)::text || ' USD per seat per month'`,
          "ChargeDescription",
        )
      : unused
        ? text(`'Unused plan fee: ' || b.plan_name || ' (' || coalesce(b.holder_email, 'unassigned seats') || ')'`, "ChargeDescription")
        : text(`b.model || ${bySurface("' on a paid plan'", "' API usage'")}`, "ChargeDescription"),
    `${fee || unused ? "'Recurring'" : "'Usage-Based'"} as "ChargeFrequency"`,
    `(${fee ? "b.last_day" : "b.date"}::date + 1)::text || 'T00:00:00Z' as "ChargePeriodEnd"`,
    "b.date || 'T00:00:00Z' as \"ChargePeriodStart\"",
    'b.consumed_tokens as "ConsumedQuantity"',
    `${fee || unused ? "null" : "'Tokens'"} as "ConsumedUnit"`,
    // No negotiated prices are known: contracted = billed. A plan's calls bill 0 (its fee is the charge).
    'b.cost_usd as "ContractedCost"',
    // Effective (amortised): a plan fee's purchase row is spread onto the usage that consumed it (lib/effective), so
    // the purchase row's effective cost is 0, a usage row's is its billed cost plus its share, and the share nobody
    // used is an unused fee row: the file's EffectiveCost adds up to its BilledCost exactly.
    `${fee ? "'0.0000000000'" : "(b.cost_usd::numeric + b.alloc_usd::numeric)::numeric(30, 10)::text"} as "EffectiveCost"`,
    text(providerName, "InvoiceIssuerName"),
    // A plan fee's list cost is the fee itself (list price × seats); usage rows carry what the calls cost on the API.
    `${fee ? "b.cost_usd" : "b.list_cost_usd"} as "ListCost"`,
    // A usage row mixes token kinds priced differently, so there is no single pricing quantity: null, as FOCUS allows.
    `${fee ? "b.seats" : "null"} as "PricingQuantity"`,
    `${fee ? "'Seats'" : "null"} as "PricingUnit"`,
    text(providerName, "ProviderName"),
    text(providerName, "PublisherName"),
    "'AI and Machine Learning' as \"ServiceCategory\"",
    text(`${providerName} || ${bySurface("' plan'", "' API'")}`, "ServiceName"),
    "'Generative AI' as \"ServiceSubcategory\"",
    `nullif((${tags})::text, '{}') as "Tags"`,
    text("b.model", "x_Model"),
    'b.surface as "x_Surface"',
    text("b.environment", "x_Environment"),
    'b.billable as "x_Billable"',
    'b.cost_source as "x_CostSource"',
    'b.requests as "x_Requests"',
    'b.input_tokens as "x_InputTokens"',
    'b.output_tokens as "x_OutputTokens"',
    'b.cache_read_tokens as "x_CacheReadTokens"',
    'b.cache_write_tokens as "x_CacheWriteTokens"',
  ];
  if (opts.event) {
    cells.push(text("b.id", "x_EventId"), 'b.timestamp as "x_Timestamp"', text("b.session", "x_Session"));
    cells.push(text("b.trace", "x_Trace"), 'b.pr as "x_PullRequest"');
  }
  return cells.join(",\n    ");
}
