import Big from "big.js";

/**
 * Money between lib/ modules and in the HTTP contract: a decimal string with exactly 10 fractional digits. Stored
 * amounts sum exactly; only quotients (averages, shares) and prices have digits to round. Display is lib/format.ts.
 */

/** The contract string of an exact sum or a quotient; a quotient rounds half up (Big's default) at the 10th digit. */
export function usdString(value: Big): string {
  return value.toFixed(10);
}

/** Money leaves pricing rounded half-even at the 10th digit. */
export function usdFromDecimal(value: Big): string {
  return value.toFixed(10, Big.roundHalfEven);
}

/** 15 significant digits drop binary noise (0.030299999999999997 → 0.0303) before decimal rounding. */
export function usdFromFloat(value: number): string {
  return usdFromDecimal(new Big(value.toPrecision(15)));
}
