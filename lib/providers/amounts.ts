import Big from "big.js";
import { ProviderError } from "./fetch-report";

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

/**
 * A token or request count: absent (null, undefined) is 0, a finite number is kept; anything else fails the run
 * naming the field, never a silent 0.
 */
export function int(v: unknown, field: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return Math.trunc(v);
  throw new ProviderError(
    `The provider answered an unexpected shape: ${field}: expected a count, received ${JSON.stringify(v)?.slice(0, 40)}`,
  );
}
export const dim = (v: unknown): string => (typeof v === "string" ? v : "");
