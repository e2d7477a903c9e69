import type { ModelInfo, ModelPrice } from "@pydantic/genai-prices";
import type { Tokens } from "./tokens";

/**
 * Flat (untiered) prices of the four token units, as integers: USD per million tokens × 10^6. Then
 * tokens × price is an exact integer count of 10^-12 USD, so the common case is priced with exact integer
 * arithmetic instead of genai-prices' float engine — faster, and exact to the last digit.
 */
export interface LinearPrice {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

const KEYS: Record<string, keyof LinearPrice> = {
  input_mtok: "input",
  output_mtok: "output",
  cache_read_mtok: "cacheRead",
  cache_write_mtok: "cacheWrite",
};

/** null when the prices need the engine: tiers, other units (requests, reasoning, audio…), or over 6 decimals. */
export function toLinearPrice(prices: ModelPrice): LinearPrice | null {
  const linear: LinearPrice = {};
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined || value === null) continue;
    const field = KEYS[key];
    if (!field || typeof value !== "number" || value < 0) return null;
    const scaled = Math.round(value * 1e6);
    if (Math.abs(scaled - value * 1e6) > 1e-6 * Math.max(1, scaled) || !Number.isSafeInteger(scaled)) return null;
    linear[field] = scaled;
  }
  return linear;
}

export interface DatedLinear {
  /** Epoch ms from which the entry applies; -Infinity for the unconstrained entry. */
  fromMs: number;
  linear: LinearPrice | null;
}

/**
 * The model's price entries, for the same selection genai-prices makes (last matching entry wins; an
 * unconstrained entry matches always). null when any entry depends on the time of day.
 */
export function toDatedLinear(prices: ModelInfo["prices"]): DatedLinear[] | null {
  if (!Array.isArray(prices)) return [{ fromMs: Number.NEGATIVE_INFINITY, linear: toLinearPrice(prices) }];
  const entries: DatedLinear[] = [];
  for (const entry of prices) {
    const c = entry.constraint;
    if (c === undefined) entries.push({ fromMs: Number.NEGATIVE_INFINITY, linear: toLinearPrice(entry.prices) });
    else if (c.type === "start_date") entries.push({ fromMs: new Date(c.start_date).getTime(), linear: toLinearPrice(entry.prices) });
    else return null;
  }
  return entries;
}

/** The applicable linear price at `ms`, undefined when that entry needs the engine. */
export function linearAt(entries: DatedLinear[], ms: number): LinearPrice | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as DatedLinear;
    if (ms >= entry.fromMs) return entry.linear ?? undefined;
  }
  return entries[0]?.linear ?? undefined;
}

/**
 * Exact cost, as genai-prices defines it: a priced cache unit is carved out of input; an unpriced one is
 * charged at the input price. Returns USD with 10 decimals, rounded half-even.
 */
export function linearCostUsd(p: LinearPrice, t: Tokens): string {
  let uncached = t.inputTokens;
  if (p.cacheRead !== undefined) uncached -= t.cacheReadTokens;
  if (p.cacheWrite !== undefined) uncached -= t.cacheWriteTokens;
  const terms: [number, number | undefined][] = [
    [uncached, p.input],
    [t.cacheReadTokens, p.cacheRead],
    [t.cacheWriteTokens, p.cacheWrite],
    [t.outputTokens, p.output],
  ];
  let pico = 0;
  for (const [tokens, price] of terms) {
    if (price !== undefined) pico += tokens * price;
  }
  if (Number.isSafeInteger(pico)) return picoToUsd(pico);
  let big = 0n;
  for (const [tokens, price] of terms) {
    if (price !== undefined) big += BigInt(tokens) * BigInt(price);
  }
  return picoToUsd(big);
}

/** 10^-12 USD → "d.dddddddddd", rounded half-even at the 10th decimal. */
function picoToUsd(pico: number | bigint): string {
  let digits: string;
  if (typeof pico === "number") {
    let q = Math.floor(pico / 100);
    const r = pico - q * 100;
    if (r > 50 || (r === 50 && q % 2 === 1)) q += 1;
    digits = q.toString();
  } else {
    let q = pico / 100n;
    const r = pico % 100n;
    if (r > 50n || (r === 50n && q % 2n === 1n)) q += 1n;
    digits = q.toString();
  }
  digits = digits.padStart(11, "0");
  return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
}
