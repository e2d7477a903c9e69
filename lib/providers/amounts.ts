import Big from "big.js";

/** A money amount that arrives as a JSON number or a decimal string, as an exact decimal string (never a float sum). */
export function decimalAmount(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return new Big(String(value)).toFixed();
  if (typeof value === "string" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) return new Big(value.trim()).toFixed();
  throw new Error(`not an amount: ${JSON.stringify(value)}`);
}

/** Anthropic's cost report: cents as a decimal string, fractional cents kept. */
export function centsToUsd(value: unknown): string {
  return new Big(decimalAmount(value)).div(100).toFixed();
}

export const int = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : 0);
export const dim = (v: unknown): string => (typeof v === "string" ? v : "");
