import { findProvider, type ModelInfo, type ModelPrice } from "@pydantic/genai-prices";
import ourPackage from "@/package.json" with { type: "json" };

/** The built-in price catalog: the exactly pinned `@pydantic/genai-prices` (package.json) and the data it embeds. */
export const CATALOG_VERSION = `@pydantic/genai-prices ${ourPackage.dependencies["@pydantic/genai-prices"]}`;

/**
 * Each pinned release's publication date (npm), which is its price data's date: a price newer than it is not in the
 * catalog. Upgrading the pin means adding its date here (`npm view @pydantic/genai-prices time`); a test checks it.
 */
export const CATALOG_RELEASES: Record<string, string> = { "0.1.8": "2026-09-23" };
export const CATALOG_DATE: string | null = CATALOG_RELEASES[ourPackage.dependencies["@pydantic/genai-prices"]] ?? null;

/** The catalog providers a price list shows (genai-prices ids); others still price events when named. */
const LISTED_PROVIDERS = [
  "openai",
  "anthropic",
  "google",
  "aws",
  "azure",
  "mistral",
  "x-ai",
  "deepseek",
  "groq",
  "cohere",
  "perplexity",
  "together",
  "fireworks",
  "moonshotai",
  "openrouter",
] as const;

export interface CatalogTier {
  /** Input tokens from which the tier's prices apply. */
  from_tokens: number;
  input_per_mtok: number | null;
  output_per_mtok: number | null;
  cache_read_per_mtok: number | null;
  cache_write_per_mtok: number | null;
}

/** One catalog model's prices today (USD per million tokens), and its long-context tiers when it has any. */
export interface CatalogModel {
  provider: string;
  model: string;
  name: string | null;
  input_per_mtok: number | null;
  output_per_mtok: number | null;
  cache_read_per_mtok: number | null;
  cache_write_per_mtok: number | null;
  tiers: CatalogTier[];
  /** The model's price changed over time (dated entries); events are priced at their own timestamp. */
  dated: boolean;
  deprecated: boolean;
}

const KEYS = ["input_mtok", "output_mtok", "cache_read_mtok", "cache_write_mtok"] as const;

/** The entry in effect at `at`: the latest start-date entry on or before it (time-of-day entries: the first). */
function pricesAt(info: ModelInfo, at: Date): ModelPrice {
  if (!Array.isArray(info.prices)) return info.prices;
  let chosen: ModelPrice = info.prices[0]?.prices ?? {};
  let chosenStart = "";
  for (const entry of info.prices) {
    const c = entry.constraint;
    if (!c) {
      if (chosenStart === "") chosen = entry.prices;
    } else if (c.type === "start_date" && Date.parse(c.start_date) <= at.getTime() && c.start_date >= chosenStart) {
      chosen = entry.prices;
      chosenStart = c.start_date;
    }
  }
  return chosen;
}

function modelRow(provider: string, info: ModelInfo, at: Date): CatalogModel {
  const prices = pricesAt(info, at);
  const base = (key: (typeof KEYS)[number]) => {
    const v = prices[key];
    return typeof v === "number" ? v : v && typeof v === "object" ? v.base : null;
  };
  const starts = new Set<number>();
  for (const key of KEYS) {
    const v = prices[key];
    if (v && typeof v === "object") for (const t of v.tiers) starts.add(t.start);
  }
  const tiers = [...starts]
    .sort((a, b) => a - b)
    .map((start) => {
      const at = (key: (typeof KEYS)[number]) => {
        const v = prices[key];
        if (typeof v === "number") return v;
        if (!v || typeof v !== "object") return null;
        return [...v.tiers].reverse().find((t) => t.start <= start)?.price ?? v.base;
      };
      return {
        from_tokens: start,
        input_per_mtok: at("input_mtok"),
        output_per_mtok: at("output_mtok"),
        cache_read_per_mtok: at("cache_read_mtok"),
        cache_write_per_mtok: at("cache_write_mtok"),
      };
    });
  return {
    provider,
    model: info.id,
    name: info.name ?? null,
    input_per_mtok: base("input_mtok"),
    output_per_mtok: base("output_mtok"),
    cache_read_per_mtok: base("cache_read_mtok"),
    cache_write_per_mtok: base("cache_write_mtok"),
    tiers,
    dated: Array.isArray(info.prices),
    deprecated: info.deprecated === true,
  };
}

let all: CatalogModel[] | undefined;

/** Every listed catalog model's prices today, by provider then model; `provider` and `model` filter by substring. */
export function listCatalog(filter: { provider?: string; model?: string } = {}, now = new Date()): CatalogModel[] {
  all ??= LISTED_PROVIDERS.flatMap((id) => {
    const p = findProvider({ providerId: id });
    return p ? p.models.map((m) => modelRow(p.id, m, now)) : [];
  }).sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  const provider = filter.provider?.toLowerCase();
  const model = filter.model?.toLowerCase();
  return all.filter((m) => (!provider || m.provider.includes(provider)) && (!model || m.model.toLowerCase().includes(model)));
}
