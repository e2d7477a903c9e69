import Big from "big.js";
import { describe, expect, test } from "vitest";
import { usdFromDecimal, usdFromFloat, usdString } from "./money";

describe("usdFromFloat", () => {
  test("drops binary noise", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(usdFromFloat(0.1 + 0.2)).toBe("0.3000000000");
    expect(usdFromFloat(0.0045000000000000005)).toBe("0.0045000000");
    expect(usdFromFloat(0.0049499999999999995)).toBe("0.0049500000");
    // The float is 0.10000000025000001: read literally, the tie at the 11th digit would round up.
    expect(usdFromFloat(0.1 + 2.5e-10)).toBe("0.1000000002");
  });

  test("rounds half-even at the 10th digit, also from exponent notation", () => {
    expect(usdFromFloat(1.5e-10)).toBe("0.0000000002");
    expect(usdFromFloat(2.5e-10)).toBe("0.0000000002");
    expect(usdFromFloat(12.34567890125)).toBe("12.3456789012");
    expect(usdFromFloat(12.34567890135)).toBe("12.3456789014");
  });

  test("keeps large totals whole", () => {
    expect(usdFromFloat(1234.5)).toBe("1234.5000000000");
  });
});

test("usdFromDecimal keeps exactly 10 fractional digits", () => {
  expect(usdFromDecimal(new Big("0.00000000005"))).toBe("0.0000000000");
  expect(usdFromDecimal(new Big("7"))).toBe("7.0000000000");
});

describe("usdString", () => {
  test("writes sums with exactly 10 fractional digits", () => {
    expect(usdString(new Big("0.1").plus("0.2"))).toBe("0.3000000000");
    expect(usdString(new Big("1234.5"))).toBe("1234.5000000000");
    expect(usdString(new Big("-3.25"))).toBe("-3.2500000000");
  });

  test("rounds a quotient half up at the 10th digit, where prices round half-even", () => {
    expect(usdString(new Big("0.00000000005"))).toBe("0.0000000001");
    expect(usdFromDecimal(new Big("0.00000000005"))).toBe("0.0000000000");
    expect(usdString(new Big("10").div(3))).toBe("3.3333333333");
    expect(usdString(new Big("20").div(3))).toBe("6.6666666667");
  });
});
