import Big from "big.js";

/** Money leaves pricing as a decimal string with exactly 10 fractional digits, rounded half-even. */
export function usdFromDecimal(value: Big): string {
  return value.toFixed(10, Big.roundHalfEven);
}

/** 15 significant digits drop binary noise (0.030299999999999997 → 0.0303) before decimal rounding. */
export function usdFromFloat(value: number): string {
  return usdFromDecimal(new Big(value.toPrecision(15)));
}
