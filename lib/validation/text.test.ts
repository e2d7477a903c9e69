import { describe, expect, it } from "vitest";
import { CreateApiKeyInput } from "@/lib/auth/api-keys";
import { BudgetInput } from "@/lib/budgets/schemas";
import { CustomerInput } from "@/lib/customers/schemas";
import { PlanInput } from "@/lib/plans/schemas";
import { MarkInput } from "@/lib/review/schemas";
import { isStorableText, storableTextProblem } from "./text";

describe("storable text", () => {
  it("accepts any well-formed text, astral characters and controls other than NUL included", () => {
    for (const ok of ["", "plain", "ключ 値 🚀", "tab\tnewline\n", "\ud83d\ude80"]) expect(isStorableText(ok)).toBe(true);
  });

  it("refuses NUL and unpaired surrogates, naming the problem", () => {
    expect(storableTextProblem("a\u0000b")).toMatch(/NUL/);
    for (const bad of ["\ud800", "\udfff", "x\ud83d", "\ude80x"]) expect(storableTextProblem(bad)).toMatch(/surrogate/);
  });

  it.each([
    ["budget name", () => BudgetInput.safeParse({ name: "b\ud800", amount_usd: "1", period: "day" }), "name"],
    [
      "budget filter value",
      () => BudgetInput.safeParse({ name: "b", amount_usd: "1", period: "day", filters: { team: "\udfff" } }),
      "filters.team",
    ],
    [
      "plan name",
      () => PlanInput.safeParse({ name: "p\u0000", vendor: "openai", seats: 1, fee_per_seat_usd: "1", start_date: "2026-01-01" }),
      "name",
    ],
    ["customer name", () => CustomerInput.safeParse({ external_id: "c", name: "\ud800", tier: "paid", monthly_revenue_usd: "1" }), "name"],
    [
      "review note",
      () => MarkInput.safeParse({ week: "2026-W01", kind: "request", id: "e", status: "open", tags: [], note: "\u0000", owner: "" }),
      "note",
    ],
    ["API key name", () => CreateApiKeyInput.safeParse({ name: "k\ud800", scopes: ["read"] }), "name"],
  ])("the %s refuses them", (_label, parse, path) => {
    const result = parse();
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
